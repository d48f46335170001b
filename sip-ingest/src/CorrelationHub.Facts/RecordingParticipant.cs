namespace CorrelationHub.Facts;

/// <summary>
/// One party of a SIPREC recording as its metadata describes it (RFC 7865 participant), with the role CorrelationHub
/// gave it. Every participant is reported, so the backend can match on either number.
/// </summary>
public sealed record RecordingParticipant
{
    public string Id { get; init; } = "";

    /// <summary><c>agent</c>, <c>far-end</c> or <c>other</c>.</summary>
    public string Role { get; init; } = "other";

    public string? Aor { get; init; }

    public string? Name { get; init; }

    /// <summary>The number as dialled: extension, E.164 or national form, from the AOR user part or an extension element.</summary>
    public string? Number { get; init; }

    /// <summary>Labels of the streams this participant sends (its voice).</summary>
    public IReadOnlyList<string> SendsLabels { get; init; } = [];

    /// <summary>The stereo channel of its voice (0 left, 1 right), when it has a stream of its own.</summary>
    public int? Channel { get; init; }

    public DateTimeOffset? AssociatedAt { get; init; }

    public DateTimeOffset? DisassociatedAt { get; init; }

    /// <summary>Acme/Oracle <c>callingParty</c>.</summary>
    public bool? CallingParty { get; init; }

    /// <summary>Vendor ids carried for this participant (Genesys UUID, Acme headers, ...).</summary>
    public IReadOnlyDictionary<string, string> VendorIds { get; init; } = new Dictionary<string, string>();
}
