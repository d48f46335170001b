namespace CorrelationHub.Persistence.Records;

/// <summary>A recording kept past retention until the hold is released.</summary>
public sealed record LegalHold
{
    public required string RecordingId { get; init; }

    public required string Reason { get; init; }

    public string? PlacedBy { get; init; }

    public long PlacedMs { get; init; }
}
