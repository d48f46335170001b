using System.Globalization;
using System.Text.Json;

namespace CorrelationHub.Correlation.Recordings;

/// <summary>
/// When a segment's call really ended, if the recorder had to end the segment itself. A segment the recorder ended
/// (<c>rtp-timeout</c>, <c>session-expired</c>, <c>dialog-lost</c>, <c>shutdown</c>: the client's BYE never came, or
/// not yet) closes long after the call when a BYE was lost; the last RTP packet of its tracks
/// (<c>tracks[].lastPacketAt</c>) is when the call's media stopped. Segments the client ended (BYE) keep their own
/// end: their BYE is the better evidence. A segment still open whose media stopped (the ingest's live
/// <c>media-stopped</c> alarm) is placed the same way until its end arrives.
/// </summary>
public static class SegmentMediaEnd
{
    private static readonly string[] TimedOut = ["rtp-timeout", "session-expired", "dialog-lost", "shutdown"];

    /// <summary>The ingest's live alarm that every stream of a segment still open went silent.</summary>
    public const string MediaStoppedFlag = "media-stopped";

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
            return LastPacket(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// For a segment still open: from its latest media alarm fact (the whole fact's JSON), when its media stopped if the
    /// alarm says <see cref="MediaStoppedFlag"/>; null when the alarm cleared it (audio came back) or says nothing.
    /// </summary>
    public static DateTimeOffset? OfLatestAlarm(string? alarmJson)
    {
        if (alarmJson is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(alarmJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("flags", out var flags)
                || flags.ValueKind != JsonValueKind.Array
                || !flags.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString() == MediaStoppedFlag)
                || !root.TryGetProperty("tracks", out var tracks))
            {
                return null;
            }

            return LastPacket(tracks);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? LastPacket(JsonElement tracks)
    {
        if (tracks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        DateTimeOffset? last = null;
        foreach (var track in tracks.EnumerateArray())
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
}
