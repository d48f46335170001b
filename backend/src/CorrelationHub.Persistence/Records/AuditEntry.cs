namespace CorrelationHub.Persistence.Records;

/// <summary>
/// One line of the audit log: who (<see cref="Actor"/>, authenticated <see cref="Via"/> account, finesse, apikey,
/// open or cli) did what (<see cref="Action"/>) to what (<see cref="Target"/>), how it ended, and details as JSON.
/// </summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    public long AtMs { get; init; }

    public string? Actor { get; init; }

    public required string Via { get; init; }

    public required string Action { get; init; }

    public string? Target { get; init; }

    public required string Outcome { get; init; }

    /// <summary>A JSON object, or null.</summary>
    public string? Details { get; init; }

    /// <summary>The client's address, when the action came over HTTP.</summary>
    public string? Client { get; init; }
}
