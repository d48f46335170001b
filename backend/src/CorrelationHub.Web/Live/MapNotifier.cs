using System.Threading.Channels;
using CorrelationHub.Web.Logging;

namespace CorrelationHub.Web.Live;

/// <summary>
/// Collects "this changed" notes from the event and recording pipelines and hands them to the <see cref="MapFeed"/>
/// in coalesced flushes: the first change after a quiet spell goes out at once, under steady traffic one flush per
/// <see cref="Interval"/> (so 2,000 busy agents cost readers a few messages a second, each with every agent that
/// changed). Also ticks the feed every <see cref="TickInterval"/>.
/// </summary>
public sealed class MapNotifier : BackgroundService
{
    /// <summary>At most one flush per this interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>The wait before the first flush after a quiet spell (the rest of one event's burst joins it).</summary>
    public static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(5);

    private readonly Channel<MapChangeNote> _changes = Channel.CreateUnbounded<MapChangeNote>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MapFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger<MapNotifier> _logger;

    public MapNotifier(MapFeed feed, TimeProvider time, ILogger<MapNotifier> logger)
    {
        _feed = feed;
        _time = time;
        _logger = logger;
    }

    public void AgentChanged(string username) => AgentChanged(username, _time.GetUtcNow());

    /// <param name="observed">When the server received what changed (an event's receive time).</param>
    public void AgentChanged(string username, DateTimeOffset observed) => _changes.Writer.TryWrite(new MapChangeNote(MapChangeKind.Agent, username, observed));

    public void ExtensionChanged(string extension) => _changes.Writer.TryWrite(new MapChangeNote(MapChangeKind.Extension, extension, _time.GetUtcNow()));

    public void RecordingChanged(string recordingId) => _changes.Writer.TryWrite(new MapChangeNote(MapChangeKind.Recording, recordingId, _time.GetUtcNow()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ticks = TickLoopAsync(stoppingToken);
        DateTimeOffset? lastFlush = null;
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(FlushSchedule.Delay(lastFlush, _time.GetUtcNow(), Interval, MinimumWait), _time, stoppingToken).ConfigureAwait(false);
                var changes = new MapChanges();
                while (_changes.Reader.TryRead(out var note))
                {
                    changes.Add(note);
                }

                try
                {
                    await _feed.FlushAsync(changes, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    WebLog.MapNotifyFailed(_logger, ex);
                }

                lastFlush = _time.GetUtcNow();
            }
        }
        catch (OperationCanceledException)
        {
        }

        await ticks.ConfigureAwait(false);
    }

    private async Task TickLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TickInterval, _time, stoppingToken).ConfigureAwait(false);
                try
                {
                    await _feed.TickAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    WebLog.MapNotifyFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
