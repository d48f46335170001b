namespace CorrelationHub.Persistence.Records;

/// <summary>A segment with its current link, for the live view.</summary>
public sealed record LinkedSegmentRow
{
    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public long StartMs { get; init; }

    public long? EndMs { get; init; }

    public double? AudioSeconds { get; init; }

    public string? Flags { get; init; }

    public string? DialogId { get; init; }

    public string? Status { get; init; }

    public double? Confidence { get; init; }

    public string? Reason { get; init; }

    /// <summary>The agent the best link names (also for an unmatched segment: the agent signed in on its extension).</summary>
    public string? Username { get; init; }
}
