namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// Who the agent is and which stereo channel each recorded m-line goes to (0 = left = agent, 1 = right = far end).
/// <see cref="Rule"/> names the evidence used, for the facts and for an engineer checking a deployment.
/// </summary>
public sealed record SiprecRoleAssignment(IReadOnlyList<int> Channels, string? AgentParticipantId, string Rule)
{
    public MetadataParticipant? Agent(RecordingMetadata? metadata) => metadata?.Participants.FirstOrDefault(p => p.Id == AgentParticipantId);

    /// <summary>The far end: the first other participant that sends a stream, else the first other participant.</summary>
    public MetadataParticipant? FarEnd(RecordingMetadata? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        var others = metadata.Participants.Where(p => p.Id != AgentParticipantId && p.DisassociateTime is null).ToList();
        if (others.Count == 0)
        {
            others = [.. metadata.Participants.Where(p => p.Id != AgentParticipantId)];
        }

        return others.FirstOrDefault(p => p.Sends.Count > 0) ?? others.FirstOrDefault();
    }
}
