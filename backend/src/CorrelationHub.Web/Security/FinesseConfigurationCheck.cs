using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>Says at start when <c>Auth:Mode=Finesse</c> cannot work because no Finesse node is configured.</summary>
public sealed class FinesseConfigurationCheck(IOptions<AuthOptions> auth, IOptions<FinesseOptions> finesse, ILogger<FinesseConfigurationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (auth.Value.IsFinesse && !finesse.Value.Servers.Any(s => !string.IsNullOrWhiteSpace(s)))
        {
            SecurityLog.NoFinesseServers(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
