using CorrelationHub.Facts;
using CorrelationHub.Media.Rtp;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>What a received stream reports on its segment: per-track quality and alarm flags (docs/contracts.md §7).</summary>
internal static class StreamReport
{
    /// <summary>
    /// The track's reception so far. <paramref name="track"/> counts what reached the track (null before it was
    /// attached); <paramref name="socket"/> what was dropped before it (SRTP, foreign sources, malformed, RTCP).
    /// </summary>
    public static TrackQuality Quality(int channel, TrackStatistics? track, TrackStatistics socket, string? srtpSuite, SegmentRecorder? recorder, SourceLatch latch, long? ack, TimeProvider time)
    {
        var stats = track ?? new TrackStatistics();
        var rate = recorder?.SampleRate ?? 0;
        var timelineLate = rate == 0 ? 0 : (recorder!.LateSamples(channel) / Math.Max(1, rate / 50));
        return new TrackQuality
        {
            Channel = channel,
            Codec = stats.Codec ?? stats.UndecodableEncoding,
            Srtp = srtpSuite,
            Packets = stats.Packets,
            Lost = stats.Lost,
            Duplicates = stats.Duplicates,
            Late = stats.Late + timelineLate,
            Reordered = stats.Reordered,
            JitterMs = Math.Round(stats.JitterMs, 2),
            MaxJitterMs = Math.Round(stats.MaxJitterMs, 2),
            CodecMismatchPackets = stats.CodecMismatch,
            TelephoneEvents = stats.TelephoneEvents,
            Dtmf = [.. stats.Dtmf.Select(d => new DtmfDigit(d.Digit, d.AtSeconds, d.DurationMs))],
            ComfortNoise = stats.ComfortNoise,
            FecRecovered = stats.Recovered,
            SsrcChanges = stats.SsrcChanges,
            Reanchors = stats.Reanchors,
            SrtpAuthenticationFailures = socket.SrtpAuthenticationFailures,
            SrtpReplayFailures = socket.SrtpReplayFailures,
            SrtpKeyFailures = socket.SrtpKeyFailures,
            ForeignPackets = socket.ForeignSource + stats.StaleSsrc,
            Malformed = stats.Malformed + socket.Malformed,
            RtcpPackets = socket.RtcpPackets,
            FirstPacketDelayMs = latch.First is { } first && ack is { } acked ? Math.Max(0, time.GetElapsedTime(acked, first).TotalMilliseconds) : null,
            LastPacketAt = latch.First is null ? null : time.GetUtcNow() - time.GetElapsedTime(latch.Last),
        };
    }

    /// <summary>
    /// Alarm flags for the segment: <c>no-audio</c> (unless the stream was inactive), <c>codec-mismatch</c>,
    /// <c>srtp-auth-failures</c>, <c>stream-mixup</c> (another m-line's declared SSRC arrived here).
    /// </summary>
    public static IReadOnlyList<string> Flags(TrackStatistics? track, TrackStatistics socket, bool inactive, bool streamMixup)
    {
        var flags = new List<string>();
        if ((track is null || track.Packets == 0) && !inactive)
        {
            flags.Add("no-audio");
        }

        if (track?.CodecMismatch > 0)
        {
            flags.Add("codec-mismatch");
        }

        if (socket.SrtpAuthenticationFailures > 0 || socket.SrtpKeyFailures > 0)
        {
            flags.Add("srtp-auth-failures");
        }

        if (streamMixup)
        {
            flags.Add("stream-mixup");
        }

        return flags;
    }
}
