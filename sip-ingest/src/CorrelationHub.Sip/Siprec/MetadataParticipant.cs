namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// A participant (RFC 7865 §6.5) with what each dialect says about it: address of record, display name, the streams
/// it sends and receives (from <c>participantstreamassoc</c>, or from <c>send</c>/<c>recv</c> inside the participant
/// in the Acme/AudioCodes/BroadWorks forms), association times, and vendor extension values.
/// </summary>
public sealed record MetadataParticipant(string Id)
{
    public string? Aor { get; init; }

    public string? Name { get; init; }

    /// <summary>An explicit <c>extension</c> element (loose CCaaS form): the agent's extension.</summary>
    public string? Extension { get; init; }

    public IReadOnlyList<string> Sends { get; init; } = [];

    public IReadOnlyList<string> Receives { get; init; } = [];

    public DateTimeOffset? AssociateTime { get; init; }

    public DateTimeOffset? DisassociateTime { get; init; }

    /// <summary>Acme/Oracle <c>apkt:callingParty</c>.</summary>
    public bool? CallingParty { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> VendorIds { get; init; } = [];

    /// <summary>
    /// The party's number as a dialler would write it: the explicit extension, else the user part of the AOR
    /// (<c>sip:+353851231234@host</c> → <c>+353851231234</c>), else the name when it looks like a number.
    /// </summary>
    public string? Number => Extension ?? ParticipantNumbers.FromAor(Aor) ?? ParticipantNumbers.FromName(Name);
}
