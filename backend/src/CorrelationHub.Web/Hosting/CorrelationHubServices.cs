using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence;
using CorrelationHub.SipIngest;
using CorrelationHub.Web.Endpoints;
using CorrelationHub.Web.Ingest;
using CorrelationHub.Web.Jobs;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Hosting;

public static class CorrelationHubServices
{
    /// <summary>Everything the host runs. Hosted services start in this order and stop in reverse, so the fact consumer outlives the SIP ingest and drains its last facts.</summary>
    public static IServiceCollection AddCorrelationHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<AccessOptions>(configuration.GetSection(AccessOptions.Section));
        services.Configure<CorrelationOptions>(configuration.GetSection(CorrelationOptions.Section));

        services.AddCorrelationHubPersistence(configuration);
        services.AddHostedService<DatabaseMigrationService>();

        services.AddSingleton<LiveMapReader>();
        services.AddSingleton<MapFeed>();
        services.AddSingleton<MapNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<MapNotifier>());
        services.AddSingleton<AgentEventProcessor>();
        services.AddSingleton<LiveView>();
        services.AddHostedService<CorrelationWorker>();
        services.AddSingleton<RecordingFactConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingFactConsumer>());

        services.AddSipIngest(configuration);
        services.AddCorrelationHubJobs(configuration);

        services.AddCorrelationHubSecurity(configuration);
        services.AddSignalR(options => options.MaximumReceiveMessageSize = 256 * 1024);
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }
}
