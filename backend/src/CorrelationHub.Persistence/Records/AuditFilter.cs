namespace CorrelationHub.Persistence.Records;

/// <summary>
/// Filters of the audit log: [<see cref="FromMs"/>, <see cref="ToMs"/>), the actor exactly, and the action exactly or
/// by its family (<c>account</c> matches <c>account.add</c>, <c>account.remove</c>…).
/// </summary>
public sealed record AuditFilter
{
    public long? FromMs { get; init; }

    public long? ToMs { get; init; }

    public string? Actor { get; init; }

    public string? Action { get; init; }

    public int? Limit { get; init; }
}
