using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Logging;

namespace CorrelationHub.Web.Ingest;

/// <summary>
/// Reads recording facts from the in-process ingest and hands them to the writer, which stores each in the contract's
/// JSON form (<see cref="RecordingFactJson"/>, the form a standalone ingest would send) and applies it; what queued up
/// while the previous facts were written goes in one transaction.
/// </summary>
public sealed class RecordingFactConsumer : BackgroundService
{
    private const int MaxBatch = 256;

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
        var batch = new List<RecordingFact>(MaxBatch);
        try
        {
            // What has queued up while the last batch was written goes in one transaction (RecordingFactWriter.WriteBatchAsync).
            while (await _sink.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _sink.Reader.TryRead(out var fact))
                {
                    batch.Add(fact);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                await ApplyAsync(batch, stoppingToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Shutdown: the ingest finished its open segments before this point only if it stopped first; drain what is there.
        while (_sink.Reader.TryRead(out var remaining))
        {
            batch.Add(remaining);
        }

        // A batch cut short by the stop is still here and is written with the rest.
        if (batch.Count > 0)
        {
            await ApplyAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public Task ApplyAsync(RecordingFact fact, CancellationToken cancellationToken) => ApplyAsync([fact], cancellationToken);

    private async Task ApplyAsync(IReadOnlyList<RecordingFact> facts, CancellationToken cancellationToken)
    {
        try
        {
            var applied = await _writer.WriteBatchAsync(facts, _time.GetUtcNow(), (fact, ex) => WebLog.RecordingFactFailed(_logger, fact.RecordingId, fact.SegmentIndex, ex), cancellationToken).ConfigureAwait(false);
            foreach (var fact in applied)
            {
                if (fact.AgentExtension is { } extension)
                {
                    _map.ExtensionChanged(extension);
                }

                _map.RecordingChanged(fact.RecordingId);
                Interlocked.Increment(ref _applied);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var fact in facts)
            {
                WebLog.RecordingFactFailed(_logger, fact.RecordingId, fact.SegmentIndex, ex);
            }
        }
    }
}
