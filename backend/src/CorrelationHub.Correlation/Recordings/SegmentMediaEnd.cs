using System.Globalization;
using System.Text.Json;

namespace CorrelationHub.Correlation.Recordings;

/// <summary>
/// When a segment's call really ended, if the recorder had to end the segment itself. A segment the recorder ended
/// (<c>rtp-timeout</c>, <c>session-expired</c>, <c>dialog-lost</c>, <c>shutdown</c>: the client's BYE never came, or
/// not yet) closes long after the call when a BYE was lost; the last RTP packet of its tracks
/// (<c>tracks[].lastPacketAt</c>) is when the call's media stopped. Segments the client ended (BYE) keep their own
/// end: their BYE is the better evidence.
/// </summary>
public static class SegmentMediaEnd
{
    private static readonly string[] TimedOut = ["rtp-timeout", "session-expired", "dialog-lost", "shutdown"];

    /// <returns>The last packet's time, or null when the segment was not timed out or no packet arrived.</returns>
    public static DateTimeOffset? Of(string? endReason, string? qualityJson)
    {
        if (endReason is null || qualityJson is null || !Array.Exists(TimedOut, t => endReason.StartsWith(t, StringComparison.Ordinal)))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(qualityJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            DateTimeOffset? last = null;
            foreach (var track in document.RootElement.EnumerateArray())
            {
                if (track.ValueKind == JsonValueKind.Object
                    && track.TryGetProperty("lastPacketAt", out var at)
                    && at.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                    && (last is null || time > last))
                {
                    last = time;
                }
            }

            return last;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
