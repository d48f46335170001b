namespace CorrelationHub.Persistence.Records;

/// <summary>What a recording fact changes about a recording and one of its segments.</summary>
public sealed record SegmentUpdate
{
    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public required string Source { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public string? Refci { get; init; }

    public string? XSessionId { get; init; }

    public required long StartMs { get; init; }

    public long? EndMs { get; init; }

    public string? AudioFile { get; init; }

    public double? AudioSeconds { get; init; }

    public string? EndReason { get; init; }

    public string? Flags { get; init; }

    public string? Quality { get; init; }
}
