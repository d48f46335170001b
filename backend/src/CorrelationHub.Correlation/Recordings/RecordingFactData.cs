using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Recordings;

/// <summary>
/// A recording fact as the backend understands it, read from the JSON the ingest hands over (and that is stored
/// verbatim), so facts from a newer ingest with more members are still read, and stored facts can be re-read.
/// </summary>
public sealed record RecordingFactData
{
    public const string SegmentStarted = "SegmentStarted";
    public const string SegmentEnded = "SegmentEnded";

    public required string Kind { get; init; }

    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required string Source { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public string? Refci { get; init; }

    public string? XSessionId { get; init; }

    public string? NearEndDevice { get; init; }

    public DateTimeOffset? SegmentStart { get; init; }

    public DateTimeOffset? SegmentEnd { get; init; }

    public string? AudioFile { get; init; }

    public double? AudioSeconds { get; init; }

    public string? EndReason { get; init; }

    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The codec of each track, <c>left/right</c> (agent/far end; empty for a side without a track), when the fact names one.</summary>
    public string? Codecs { get; init; }

    /// <summary>The per-track quality as received (JSON array), when the fact carries one.</summary>
    public string? QualityJson { get; init; }

    public IReadOnlyList<ExactKey> Keys { get; init; } = [];

    public IReadOnlyList<FarEndChange> FarEndChanges { get; init; } = [];

    /// <summary>Where the segment starts: its own start, else when the fact happened.</summary>
    public DateTimeOffset Start => SegmentStart ?? OccurredAt;
}
