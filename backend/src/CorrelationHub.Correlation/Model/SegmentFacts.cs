namespace CorrelationHub.Correlation.Model;

/// <summary>What the engine knows of one recording segment (one pair of legs between holds).</summary>
public sealed record SegmentFacts
{
    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public required DateTimeOffset Start { get; init; }

    public DateTimeOffset? End { get; init; }
}
