using CorrelationHub.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the configured database (SQLite by default), the migration runner and the stores.</summary>
    public static IServiceCollection AddCorrelationHubPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDbConnectionFactory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.IsPostgres)
            {
                return new PostgresConnectionFactory(options.ConnectionString);
            }

            if (!options.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'.");
            }

            return new SqliteConnectionFactory(options.ConnectionString);
        });
        services.AddSingleton<WriteGate>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<FactStore>();
        services.AddSingleton<AgentStore>();
        services.AddSingleton<DialogStore>();
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<CallQuery>();
        services.AddSingleton<LiveQuery>();
        return services;
    }
}
