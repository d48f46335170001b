namespace CorrelationHub.Persistence.Pipeline;

/// <summary>A link row as stored.</summary>
public sealed record StoredLink
{
    public required string RecordingId { get; init; }

    public int SegmentIndex { get; init; }

    public int Rank { get; init; }

    public string? DialogId { get; init; }

    public string? Extension { get; init; }

    public string? Username { get; init; }

    public required string Status { get; init; }

    public double Confidence { get; init; }

    public required string Reason { get; init; }

    public bool Final { get; init; }
}
