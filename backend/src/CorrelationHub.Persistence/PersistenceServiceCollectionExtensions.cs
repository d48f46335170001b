using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the configured database (SQLite by default), the migration runner, the stores and the fact pipeline.</summary>
    public static IServiceCollection AddCorrelationHubPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDbConnectionFactory>(sp => ConnectionFactories.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<WriteGate>();
        services.AddSingleton<MigrationRunner>();

        services.AddSingleton<CorrelationScheduler>();
        services.AddSingleton<AgentEventWriter>();
        services.AddSingleton<RecordingFactWriter>();
        services.AddSingleton<Recorrelator>();
        services.AddSingleton<Replayer>();

        services.AddSingleton<AgentStore>();
        services.AddSingleton<DialogStore>();
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<CallQuery>();
        services.AddSingleton<LiveQuery>();
        services.AddSingleton<LiveMapQuery>();
        services.AddSingleton<DialogDetailQuery>();
        services.AddSingleton<ComplianceQuery>();
        services.AddSingleton<LegalHoldStore>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<CtiStore>();
        services.AddSingleton<FinalizationStore>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<TeamScopeQuery>();
        return services;
    }
}
