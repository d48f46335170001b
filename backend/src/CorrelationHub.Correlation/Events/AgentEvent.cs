namespace CorrelationHub.Correlation.Events;

/// <summary>A validated gadget event. <see cref="Json"/> is the event as received, stored verbatim.</summary>
public sealed record AgentEvent
{
    public required string EventId { get; init; }

    public required string Action { get; init; }

    public required string Username { get; init; }

    public string? Extension { get; init; }

    public DateTimeOffset? ClientTime { get; init; }

    public long? ClientDriftMs { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? TeamId { get; init; }

    public string? TeamName { get; init; }

    public string? State { get; init; }

    public string? ReasonCodeId { get; init; }

    public DateTimeOffset? StateChangeTime { get; init; }

    public string? Change { get; init; }

    public DialogSnapshot? Dialog { get; init; }

    public required string Json { get; init; }
}
