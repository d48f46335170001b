namespace CorrelationHub.Persistence.Records;

/// <summary>One change on an agent's state timeline.</summary>
public sealed record AgentStateRow
{
    public long StateChangeMs { get; init; }

    public required string State { get; init; }

    public string? ReasonCodeId { get; init; }

    public string? Extension { get; init; }
}
