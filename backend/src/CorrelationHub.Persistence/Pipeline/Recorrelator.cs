using System.Diagnostics;
using CorrelationHub.Correlation.Matching;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Runs the engine over stored state and stores its links: for the windows new facts touched (incremental), or for
/// every segment that started in a time range (the <c>recorrelate</c> admin action). Runs one at a time, so a run
/// always reads what the previous one wrote.
/// </summary>
public sealed class Recorrelator
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly TimeProvider _time;
    private readonly CorrelationEngine _engine;
    private readonly CorrelationInputLoader _loader;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public Recorrelator(IDbConnectionFactory connections, WriteGate gate, TimeProvider time, IOptions<CorrelationOptions> options)
    {
        _connections = connections;
        _gate = gate;
        _time = time;
        _engine = new CorrelationEngine(options.Value);
        _loader = new CorrelationInputLoader(options.Value);
    }

    /// <summary>Runs every window the scheduler has collected.</summary>
    public async Task<RecorrelationResult> RunPendingAsync(CorrelationScheduler scheduler, CancellationToken cancellationToken = default)
    {
        var result = RecorrelationResult.Nothing;
        var windows = scheduler.TakeAll();
        for (var i = 0; i < windows.Count; i++)
        {
            try
            {
                result = result.Add(await RunAsync(windows[i].Extension, windows[i].FromMs, windows[i].ToMs, startingInRange: false, finalize: false, cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                // Nothing is dropped: what did not run goes back in the queue.
                foreach (var window in windows.Skip(i))
                {
                    scheduler.Schedule(window);
                }

                throw;
            }
        }

        return result;
    }

    public Task<RecorrelationResult> RunWindowAsync(CorrelationWindow window, bool finalize, CancellationToken cancellationToken = default) =>
        RunAsync(window.Extension, window.FromMs, window.ToMs, startingInRange: false, finalize, cancellationToken);

    /// <summary>Rebuilds the links of every segment that started in [from, to), on every extension.</summary>
    public Task<RecorrelationResult> RunRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        RunAsync(null, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), startingInRange: true, finalize: false, cancellationToken);

    private async Task<RecorrelationResult> RunAsync(string? extension, long fromMs, long toMs, bool startingInRange, bool finalize, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var now = _time.GetUtcNow();
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var loaded = await _loader.LoadAsync(connection, extension, fromMs, toMs, startingInRange, now, cancellationToken).ConfigureAwait(false);
            if (loaded.Input.Segments.Count == 0)
            {
                return RecorrelationResult.Nothing with { Elapsed = stopwatch.Elapsed };
            }

            var links = _engine.Correlate(loaded.Input);
            IReadOnlyList<Correlation.Model.SegmentLink> changed;
            using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                changed = await Stores.LinkStore.ReplaceAsync(connection, links, loaded.ExistingLinks, finalize, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            }

            var extensions = changed.Select(l => l.Extension).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new RecorrelationResult(loaded.Input.Segments.Count, loaded.Input.Legs.Count, links.Count, changed.Count, extensions, stopwatch.Elapsed);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
