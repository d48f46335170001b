using System.Text.Json;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Logging;

namespace CorrelationHub.Web.Ingest;

/// <summary>Reads recording facts from the in-process ingest, stores them as received, applies them and re-correlates.</summary>
public sealed class RecordingFactConsumer : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ChannelRecordingFactSink _sink;
    private readonly FactStore _facts;
    private readonly RecordingStore _recordings;
    private readonly CorrelationService _correlation;
    private readonly MapNotifier _map;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingFactConsumer> _logger;

    public RecordingFactConsumer(ChannelRecordingFactSink sink, FactStore facts, RecordingStore recordings, CorrelationService correlation, MapNotifier map, TimeProvider time, ILogger<RecordingFactConsumer> logger)
    {
        _sink = sink;
        _facts = facts;
        _recordings = recordings;
        _correlation = correlation;
        _map = map;
        _time = time;
        _logger = logger;
    }

    /// <summary>Count of facts fully applied (for readiness and tests).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    private long _applied;

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
            var receivedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            await _facts.AppendRecordingFactAsync(fact.RecordingId, fact.SegmentIndex, fact.Kind.ToString(), receivedMs, JsonSerializer.Serialize(fact, Json), cancellationToken).ConfigureAwait(false);
            await _recordings.ApplyAsync(ToUpdate(fact), cancellationToken).ConfigureAwait(false);
            if (fact.AgentExtension is { } extension)
            {
                var start = (fact.SegmentStart ?? fact.OccurredAt).ToUnixTimeMilliseconds();
                var end = (fact.SegmentEnd ?? fact.OccurredAt).ToUnixTimeMilliseconds();
                await _correlation.RecorrelateAsync(extension, start, end, cancellationToken).ConfigureAwait(false);
                _map.ExtensionChanged(extension);
            }

            Interlocked.Increment(ref _applied);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WebLog.RecordingFactFailed(_logger, fact.RecordingId, fact.SegmentIndex, ex);
        }
    }

    private static SegmentUpdate ToUpdate(RecordingFact fact) => new()
    {
        RecordingId = fact.RecordingId,
        SegmentIndex = fact.SegmentIndex,
        Source = fact.Source,
        AgentExtension = fact.AgentExtension,
        FarEndAddress = fact.FarEndAddress,
        Refci = fact.RefCi,
        XSessionId = fact.XSessionId,
        StartMs = (fact.SegmentStart ?? fact.OccurredAt).ToUnixTimeMilliseconds(),
        EndMs = fact.SegmentEnd?.ToUnixTimeMilliseconds(),
        AudioFile = fact.AudioFile,
        AudioSeconds = fact.AudioSeconds,
        EndReason = fact.EndReason,
        Flags = fact.Kind == RecordingFactKind.SegmentEnded ? string.Join(',', fact.Flags) : null,
        Quality = fact.Kind == RecordingFactKind.SegmentEnded ? JsonSerializer.Serialize(fact.Tracks, Json) : null,
    };
}
