namespace CorrelationHub.Media.Rtp;

/// <summary>
/// Maps RTP timestamps of one track to sample positions on the recording timeline (RFC 3550 §5.1: timestamps
/// advance with the sampling clock). The first packet of a source is anchored at its arrival position; later
/// packets follow their timestamps, so jitter does not move audio and a gap in sending (hold, DTX, DTMF) becomes
/// silence of the right length. A new SSRC re-anchors (CUCM changes SSRC on resume without signalling), and so does
/// a timestamp that strays from arrival time: more than <see cref="MaxBehind"/> behind (a sender that paused without
/// advancing its timestamps), behind the part of the file already written (the audio would otherwise be lost), or
/// more than <see cref="MaxAhead"/> ahead (a timestamp jump). A sender that stalls and then bursts its backlog stays
/// on its timestamps while its place is not written yet.
/// </summary>
public sealed class RtpTrackClock
{
    private readonly long _maxBehindSamples;
    private readonly long _maxAheadSamples;
    private uint? _ssrc;
    private uint _baseTimestamp;
    private long _basePosition;

    public RtpTrackClock(int sampleRate, TimeSpan maxAhead, TimeSpan? maxBehind = null)
    {
        MaxAhead = maxAhead;
        MaxBehind = maxBehind ?? maxAhead;
        _maxAheadSamples = (long)(maxAhead.TotalSeconds * sampleRate);
        _maxBehindSamples = (long)(MaxBehind.TotalSeconds * sampleRate);
    }

    public TimeSpan MaxAhead { get; }

    public TimeSpan MaxBehind { get; }

    public int Reanchors { get; private set; }

    public int SsrcChanges { get; private set; }

    /// <summary>
    /// Position of the first sample of a packet. <paramref name="timestampScale"/> / <paramref name="timestampDivisor"/>
    /// converts RTP clock units to output samples (G.722: 2 / 1 at 16 kHz; Opus at 16 kHz: 1 / 3).
    /// </summary>
    public long PositionOf(uint ssrc, uint timestamp, long arrivalPosition, int timestampScale = 1, long writtenPosition = long.MinValue, int timestampDivisor = 1)
    {
        // An anchor never lands on audio already written (a packet that waited behind the other track's backlog).
        var anchor = Math.Max(arrivalPosition, writtenPosition);
        if (_ssrc != ssrc)
        {
            if (_ssrc is not null)
            {
                SsrcChanges++;
            }

            Anchor(ssrc, timestamp, anchor);
            return anchor;
        }

        // Signed 32-bit difference handles timestamp wrap-around.
        var delta = (long)(int)(timestamp - _baseTimestamp) * timestampScale / timestampDivisor;
        var position = _basePosition + delta;
        if (position < arrivalPosition - _maxBehindSamples || position < writtenPosition || position > arrivalPosition + _maxAheadSamples)
        {
            Reanchors++;
            Anchor(ssrc, timestamp, anchor);
            return anchor;
        }

        return position;
    }

    /// <summary>Where <paramref name="timestamp"/> falls on the current anchor, without moving it; null before the first packet.</summary>
    public long? Peek(uint timestamp, int timestampScale = 1, int timestampDivisor = 1) =>
        _ssrc is null ? null : _basePosition + ((long)(int)(timestamp - _baseTimestamp) * timestampScale / timestampDivisor);

    private void Anchor(uint ssrc, uint timestamp, long position)
    {
        _ssrc = ssrc;
        _baseTimestamp = timestamp;
        _basePosition = position;
    }
}
