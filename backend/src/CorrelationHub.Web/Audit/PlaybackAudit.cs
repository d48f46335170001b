using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Audit;

/// <summary>
/// One audit entry per playback: an &lt;audio&gt; element fetches a recording in many Range requests (and again on
/// every seek), so requests for the same segment by the same reader less than <see cref="AccessOptions.PlaybackAuditWindow"/>
/// after the previous one are the same playback. The entry is written before the audio is served; if it cannot be
/// written, the audio is not served.
/// </summary>
public sealed class PlaybackAudit
{
    private const int PruneAbove = 10_000;

    private readonly Dictionary<(string Reader, string RecordingId, int Segment), DateTimeOffset> _lastRequest = [];
    private readonly Lock _lock = new();
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<AccessOptions> _options;

    public PlaybackAudit(AuditLog audit, TimeProvider time, IOptionsMonitor<AccessOptions> options)
    {
        _audit = audit;
        _time = time;
        _options = options;
    }

    /// <summary>Notes a request for a segment's audio; writes the playback entry when it starts a playback.</summary>
    public async Task NoteAsync(HttpContext context, string recordingId, int segment, CancellationToken cancellationToken)
    {
        var (actor, via) = Readers.Describe(context.User);
        var key = (Reader: $"{via}:{actor ?? context.Connection.RemoteIpAddress?.ToString()}", recordingId, segment);
        var now = _time.GetUtcNow();
        var window = _options.CurrentValue.PlaybackAuditWindow;
        bool starts;
        lock (_lock)
        {
            starts = !_lastRequest.TryGetValue(key, out var last) || now - last >= window;
            _lastRequest[key] = now;
            if (_lastRequest.Count > PruneAbove)
            {
                foreach (var stale in _lastRequest.Where(e => now - e.Value >= window).Select(e => e.Key).ToList())
                {
                    _lastRequest.Remove(stale);
                }
            }
        }

        if (!starts)
        {
            return;
        }

        try
        {
            await _audit.WriteAsync(context, AuditActions.Playback, recordingId, AuditOutcomes.Started, new { segment, range = context.Request.Headers.Range.ToString() is { Length: > 0 } range ? range : null }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not recorded, so the next request must try again.
            lock (_lock)
            {
                _lastRequest.Remove(key);
            }

            throw;
        }
    }
}
