using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Jobs;

/// <summary>
/// Finalises links once nothing new has arrived about their segments for the quiet period: the engine runs one
/// last time and the links are marked final (exports show it). A later fact still re-runs the engine; if the
/// conclusion changes, the link is provisional again until the next quiet period.
/// </summary>
public sealed class LinkFinalizer(FinalizationStore store, Recorrelator recorrelator, IOptions<CorrelationOptions> options, TimeProvider time)
{
    public async Task<(int Windows, int Links, int Legs)> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = (now - TimeSpan.FromSeconds(options.Value.QuietPeriodSeconds)).ToUnixTimeMilliseconds();
        var windows = await store.QuietWindowsAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var links = 0;
        foreach (var window in windows)
        {
            links += (await recorrelator.RunWindowAsync(window, finalize: true, cancellationToken).ConfigureAwait(false)).Links;
        }

        var legs = await store.FinalizeLegsAsync(cutoff, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return (windows.Count, links, legs);
    }
}
