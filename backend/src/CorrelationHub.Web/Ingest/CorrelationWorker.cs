using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;

namespace CorrelationHub.Web.Ingest;

/// <summary>
/// Runs the engine for the windows that new facts touched (a late fact re-runs its window), coalescing bursts,
/// and tells the map which extensions' links changed.
/// </summary>
public sealed class CorrelationWorker : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(25);

    private readonly CorrelationScheduler _scheduler;
    private readonly Recorrelator _recorrelator;
    private readonly RecordingStore _recordings;
    private readonly MapNotifier _map;
    private readonly TimeProvider _time;
    private readonly ILogger<CorrelationWorker> _logger;

    public CorrelationWorker(CorrelationScheduler scheduler, Recorrelator recorrelator, RecordingStore recordings, MapNotifier map, TimeProvider time, ILogger<CorrelationWorker> logger)
    {
        _scheduler = scheduler;
        _recorrelator = recorrelator;
        _recordings = recordings;
        _map = map;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Recordings stored before this start still take late gadget events (the scheduler skips dialog windows on
            // extensions without recordings).
            var since = (_time.GetUtcNow() - TimeSpan.FromDays(2)).ToUnixTimeMilliseconds();
            foreach (var (extension, from, to) in await _recordings.RecordedSpansAsync(since, stoppingToken).ConfigureAwait(false))
            {
                _scheduler.NoteRecording(extension, from, to);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                await _scheduler.WaitAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Coalesce, _time, stoppingToken).ConfigureAwait(false);
                try
                {
                    var result = await _recorrelator.RunPendingAsync(_scheduler, stoppingToken).ConfigureAwait(false);
                    IngestLog.Correlated(_logger, result.Segments, result.Legs, result.ChangedLinks, (long)result.Elapsed.TotalMilliseconds);
                    foreach (var extension in result.ChangedExtensions)
                    {
                        _map.ExtensionChanged(extension);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    IngestLog.CorrelationFailed(_logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
