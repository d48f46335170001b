using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Web.Live;

namespace CorrelationHub.Web.Endpoints;

/// <summary>The recorrelate action, shared by the endpoint and the command line.</summary>
public static class RecorrelateCommand
{
    public sealed record Summary(string From, string To, int ReplayedAgentEvents, int ReplayedRecordingFacts, int Segments, int DialogLegs, int Links, int ChangedLinks, long ElapsedMs);

    public static async Task<Summary> RunAsync(Recorrelator recorrelator, Replayer replayer, DateTimeOffset from, DateTimeOffset to, bool replay, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var (events, facts) = replay ? await replayer.ReplayAsync(from, to, cancellationToken).ConfigureAwait(false) : (0, 0);
        var result = await recorrelator.RunRangeAsync(from, to, cancellationToken).ConfigureAwait(false);
        return new Summary(IsoTime.Format(from), IsoTime.Format(to), events, facts, result.Segments, result.Legs, result.Links, result.ChangedLinks, stopwatch.ElapsedMilliseconds);
    }
}
