using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Ingest;

/// <summary>
/// Re-runs the engine for one extension around a time window whenever a fact there changes (a late fact simply
/// re-runs it), stores the links and tells the map what changed. Runs for one extension at a time.
/// </summary>
public sealed class CorrelationService
{
    private readonly RecordingStore _recordings;
    private readonly DialogStore _dialogs;
    private readonly LinkStore _links;
    private readonly MapNotifier _map;
    private readonly TimeProvider _time;
    private readonly CorrelationOptions _options;
    private readonly CorrelationEngine _engine;
    private readonly ILogger<CorrelationService> _logger;
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    public CorrelationService(RecordingStore recordings, DialogStore dialogs, LinkStore links, MapNotifier map, TimeProvider time, IOptions<CorrelationOptions> options, ILogger<CorrelationService> logger)
    {
        _recordings = recordings;
        _dialogs = dialogs;
        _links = links;
        _map = map;
        _time = time;
        _options = options.Value;
        _engine = new CorrelationEngine(_options);
        _logger = logger;
    }

    public async Task RecorrelateAsync(string extension, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(extension) % _stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var slackMs = _options.SlackSeconds * 1000L;
            var segments = await _recordings.SegmentsNearAsync(extension, fromMs - slackMs, toMs + slackMs, cancellationToken).ConfigureAwait(false);
            if (segments.Count == 0)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var from = segments.Min(s => s.Start).ToUnixTimeMilliseconds() - slackMs;
            var to = segments.Max(s => s.End ?? now).ToUnixTimeMilliseconds() + slackMs;
            var dialogs = await _dialogs.CandidatesAsync(extension, from, to, cancellationToken).ConfigureAwait(false);
            var links = _engine.Correlate(segments, dialogs, now);
            var changed = await _links.ReplaceAsync(links, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            foreach (var link in changed)
            {
                WebLog.Linked(_logger, link.RecordingId, link.SegmentIndex, link.Status, link.Confidence);
            }

            if (changed.Count > 0)
            {
                _map.ExtensionChanged(extension);
            }
        }
        finally
        {
            stripe.Release();
        }
    }
}
