namespace CorrelationHub.Persistence.Records;

/// <summary>A recording segment as stored.</summary>
public sealed record SegmentRow
{
    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public long StartMs { get; init; }

    public long? EndMs { get; init; }

    public string? AudioFile { get; init; }

    public double? AudioSeconds { get; init; }

    /// <summary>When the finished file reached the backend.</summary>
    public long? AvailableMs { get; init; }

    public string? EndReason { get; init; }

    public string? Flags { get; init; }

    public string? Quality { get; init; }

    /// <summary>The tracks' codecs, <c>left/right</c>.</summary>
    public string? Codecs { get; init; }
}
