namespace CorrelationHub.Correlation.Events;

/// <summary>A Finesse Dialog as finesse.js gives it (docs/contracts.md §3); snapshots, not transitions.</summary>
public sealed record DialogSnapshot(
    string Id,
    string? State,
    string? FromAddress,
    string? ToAddress,
    string? SecondaryId,
    string? AssociatedDialogUri,
    IReadOnlyDictionary<string, string?> MediaProperties,
    IReadOnlyList<ParticipantSnapshot> Participants)
{
    public string? CallType => MediaProperties.GetValueOrDefault("callType");

    public string? DialedNumber => MediaProperties.GetValueOrDefault("dialedNumber");

    /// <summary><c>Voice</c>, or the MRD name of a non-voice dialog (finesse.js <c>getMediaType()</c>).</summary>
    public string? MediaType { get; init; }
}
