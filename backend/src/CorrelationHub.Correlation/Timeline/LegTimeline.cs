using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Timeline;

/// <summary>The agent participant's timeline on one dialog, derived from state observations.</summary>
public sealed record LegTimeline(
    IReadOnlyList<TimeRange> Connected,
    TimeRange? Present,
    IReadOnlyList<DateTimeOffset> ConnectPoints,
    IReadOnlyList<DateTimeOffset> DisconnectPoints)
{
    public static readonly LegTimeline Empty = new([], null, [], []);

    public DateTimeOffset? FirstConnected => Connected.Count > 0 ? Connected[0].Start : null;

    /// <summary>The last disconnect, or null while the agent is still on the call.</summary>
    public DateTimeOffset? LastDisconnected => Present?.End;
}
