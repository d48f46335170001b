namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// Decides the agent among the participants and maps each recorded m-line to a channel: SDP <c>a=label</c> → metadata
/// stream → the participant that sends it (docs/interop.md MD-2). The agent's stream goes left. When the metadata cannot
/// tell (absent, no associations, as SEMS sends), m-lines keep offer order: the first left, the second right.
/// </summary>
public static class SiprecRoles
{
    public const int DefaultMaxExtensionDigits = 7;

    /// <param name="metadata">The current metadata, or null when none arrived yet.</param>
    /// <param name="labels">The <c>a=label</c> of each recorded m-line, in offer order (null when unlabelled).</param>
    public static SiprecRoleAssignment Assign(RecordingMetadata? metadata, IReadOnlyList<string?> labels, SiprecAgentRule rule = SiprecAgentRule.Auto, int maxExtensionDigits = DefaultMaxExtensionDigits)
    {
        var byIndex = Enumerable.Range(0, labels.Count).Select(i => Math.Min(i, 1)).ToList();
        if (rule == SiprecAgentRule.LowestLabel && labels.Count > 0)
        {
            var lowest = Enumerable.Range(0, labels.Count).OrderBy(i => labels[i] ?? string.Empty, StringComparer.Ordinal).First();
            var channels = Enumerable.Range(0, labels.Count).Select(i => i == lowest ? 0 : 1).ToList();
            var sender = metadata?.StreamByLabel(labels[lowest]) is { } stream ? metadata.SendersOf(stream).FirstOrDefault() : null;
            return new SiprecRoleAssignment(channels, sender?.Id, "lowest-label");
        }

        if (metadata is null || metadata.Participants.Count == 0)
        {
            return new SiprecRoleAssignment(byIndex, null, "offer-order");
        }

        var (agent, evidence) = PickAgent(metadata, rule, maxExtensionDigits);
        if (agent is null)
        {
            return new SiprecRoleAssignment(byIndex, null, "offer-order");
        }

        var mapped = new int?[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (metadata.StreamByLabel(labels[i]) is { } stream && metadata.SendersOf(stream).ToList() is { Count: > 0 } senders)
            {
                mapped[i] = senders.Exists(p => p.Id == agent.Id) ? 0 : 1;
            }
        }

        if (mapped.Count(c => c == 0) == 1)
        {
            return new SiprecRoleAssignment([.. mapped.Select(c => c == 0 ? 0 : 1)], agent.Id, evidence);
        }

        if (labels.Count == 1)
        {
            // One mixed stream (BroadWorks, Metaswitch): it goes left whoever is speaking.
            return new SiprecRoleAssignment([0], agent.Id, evidence);
        }

        return new SiprecRoleAssignment(byIndex, agent.Id, evidence + ", offer-order channels");
    }

    private static (MetadataParticipant? Agent, string Evidence) PickAgent(RecordingMetadata metadata, SiprecAgentRule rule, int maxExtensionDigits)
    {
        var participants = metadata.Participants;
        if (rule is SiprecAgentRule.Auto or SiprecAgentRule.ExtensionLength)
        {
            if (rule == SiprecAgentRule.Auto && participants.Where(p => p.Extension is not null).ToList() is { Count: 1 } explicitExtension)
            {
                return (explicitExtension[0], "extension-element");
            }

            var extensions = participants.Where(p => ParticipantNumbers.IsExtension(p.Number, maxExtensionDigits)).ToList();
            if (extensions.Count == 1)
            {
                return (extensions[0], "extension-length");
            }

            if (rule == SiprecAgentRule.ExtensionLength)
            {
                return (null, "extension-length");
            }
        }

        if (rule == SiprecAgentRule.AnchorIsAgent)
        {
            return (participants[0], "anchor-is-agent");
        }

        // The first participant is the anchor leg (CUBE); the agent is the next one, preferring one that sends audio.
        var rest = participants.Skip(1).ToList();
        var agent = rest.FirstOrDefault(p => p.Sends.Count > 0) ?? rest.FirstOrDefault();
        return (agent, "anchor-is-customer");
    }
}
