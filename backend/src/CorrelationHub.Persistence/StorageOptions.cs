namespace CorrelationHub.Persistence;

/// <summary>The <c>Storage:*</c> keys (docs/contracts.md §2).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default, embedded file) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    public string ConnectionString { get; set; } = "Data Source=data/correlationhub.db";

    public bool IsPostgres => Provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) || Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);
}
