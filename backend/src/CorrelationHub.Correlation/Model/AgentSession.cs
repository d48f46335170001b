namespace CorrelationHub.Correlation.Model;

/// <summary>
/// An agent signed in on one extension, from login (or first sign of life) to logout, a move to another
/// extension (Extension Mobility), another agent taking the extension, or heartbeats stopping.
/// </summary>
public sealed record AgentSession
{
    public required string Username { get; init; }

    public required string Extension { get; init; }

    public required DateTimeOffset Start { get; init; }

    /// <summary>Null while the session is open.</summary>
    public DateTimeOffset? End { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    /// <summary><c>login</c> or <c>first-seen</c> (no login event was received).</summary>
    public required string StartReason { get; init; }

    /// <summary><c>logout</c>, <c>extension-change</c>, <c>superseded</c>, <c>heartbeat-timeout</c>; null while open.</summary>
    public string? EndReason { get; init; }

    public string? TeamId { get; init; }

    public string? TeamName { get; init; }

    public TimeRange Range => new(Start, End);
}
