using CorrelationHub.Persistence;
using CorrelationHub.Web.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Hosting;

/// <summary>Applies SQL migrations before anything else starts (registered first, so it runs first).</summary>
internal sealed class DatabaseMigrationService(MigrationRunner runner, IOptions<StorageOptions> storage, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await runner.MigrateAsync(cancellationToken).ConfigureAwait(false);
        WebLog.DatabaseReady(logger, storage.Value.Provider, applied.Count == 0 ? "none" : string.Join(", ", applied));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
