namespace CorrelationHub.Persistence;

public static class ConnectionFactories
{
    /// <summary>The connection factory for <c>Storage:Provider</c>: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public static IDbConnectionFactory Create(StorageOptions options)
    {
        if (options.IsPostgres)
        {
            return new PostgresConnectionFactory(options.ConnectionString);
        }

        if (!options.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'.");
        }

        return new SqliteConnectionFactory(options.ConnectionString);
    }
}
