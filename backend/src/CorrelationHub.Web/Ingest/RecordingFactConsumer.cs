using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Logging;

namespace CorrelationHub.Web.Ingest;

/// <summary>
/// Reads recording facts from the in-process ingest and hands them to the writer, which stores each in the contract's
/// JSON form (<see cref="RecordingFactJson"/>, the form a standalone ingest would send) and applies it.
/// </summary>
public sealed class RecordingFactConsumer : BackgroundService
{
    private readonly ChannelRecordingFactSink _sink;
    private readonly RecordingFactWriter _writer;
    private readonly MapNotifier _map;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingFactConsumer> _logger;
    private long _applied;

    public RecordingFactConsumer(ChannelRecordingFactSink sink, RecordingFactWriter writer, MapNotifier map, TimeProvider time, ILogger<RecordingFactConsumer> logger)
    {
        _sink = sink;
        _writer = writer;
        _map = map;
        _time = time;
        _logger = logger;
    }

    /// <summary>Count of facts fully applied (for readiness and tests).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var fact in _sink.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ApplyAsync(fact, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Shutdown: the ingest finished its open segments before this point only if it stopped first; drain what is there.
        while (_sink.Reader.TryRead(out var remaining))
        {
            await ApplyAsync(remaining, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task ApplyAsync(RecordingFact fact, CancellationToken cancellationToken)
    {
        try
        {
            var applied = await _writer.WriteAsync(fact, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (applied.AgentExtension is { } extension)
            {
                _map.ExtensionChanged(extension);
            }

            _map.RecordingChanged(applied.RecordingId);

            Interlocked.Increment(ref _applied);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WebLog.RecordingFactFailed(_logger, fact.RecordingId, fact.SegmentIndex, ex);
        }
    }
}
