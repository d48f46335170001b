using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Jobs;

/// <summary>
/// Agents whose gadget has sent nothing (not even a heartbeat) for <c>Correlation:SessionTimeoutSeconds</c> are no
/// longer shown signed in; their derived sessions end at the last sign of life.
/// </summary>
public sealed class StaleSessionCloser(AgentStore agents, MapNotifier map, IOptions<CorrelationOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken)
    {
        var closed = await agents.CloseStaleAsync(time.GetUtcNow(), TimeSpan.FromSeconds(options.Value.SessionTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        foreach (var username in closed)
        {
            map.AgentChanged(username);
        }

        return closed;
    }
}
