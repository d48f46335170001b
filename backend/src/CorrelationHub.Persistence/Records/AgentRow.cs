namespace CorrelationHub.Persistence.Records;

/// <summary>An agent's derived current state.</summary>
public sealed record AgentRow
{
    public required string Username { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Extension { get; init; }

    public string? TeamId { get; init; }

    public string? TeamName { get; init; }

    public string? State { get; init; }

    public long? StateChangeMs { get; init; }

    public string? ReasonCodeId { get; init; }

    public bool LoggedIn { get; init; }

    public long? LoginMs { get; init; }

    public long? LogoutMs { get; init; }

    public long LastSeenMs { get; init; }
}
