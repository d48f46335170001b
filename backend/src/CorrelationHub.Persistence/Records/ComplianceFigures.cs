namespace CorrelationHub.Persistence.Records;

/// <summary>
/// Compliance figures for one group (a day, a team, an agent, or everything):
/// recording success rate = voice dialog legs with a matched recording / voice dialog legs the agent was connected on;
/// metadata match rate = recording segments matched to an agent and a dialog / recording segments;
/// recording latency = from the agent's call end to the recording file being available, in seconds.
/// </summary>
public sealed record ComplianceFigures
{
    public required string Group { get; init; }

    public int VoiceDialogs { get; init; }

    public int RecordedDialogs { get; init; }

    /// <summary>Dialog legs whose only links are ambiguous (recorded, but which recording is not certain).</summary>
    public int AmbiguousDialogs { get; init; }

    public double? RecordingSuccessRate { get; init; }

    public int Recordings { get; init; }

    public int MatchedRecordings { get; init; }

    public int AmbiguousRecordings { get; init; }

    public int UnmatchedRecordings { get; init; }

    public double? MetadataMatchRate { get; init; }

    public int LatencySamples { get; init; }

    public double? LatencyMedianSeconds { get; init; }

    public double? LatencyP95Seconds { get; init; }

    public double? LatencyMaxSeconds { get; init; }
}
