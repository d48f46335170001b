namespace CorrelationHub.Media.Rtp;

/// <summary>
/// A small jitter buffer that hands audio packets on in sequence order, so stateful decoders (G.722 ADPCM) see them
/// in order. In-order packets pass straight through. After a gap it holds later packets until the gap fills or
/// <see cref="Depth"/> packets wait, then gives up on the missing ones. A packet older than what was already handed
/// on is late.
/// </summary>
public sealed class RtpReorderBuffer
{
    private readonly SortedDictionary<long, BufferedPacket> _held = [];
    private long _next = -1;

    public RtpReorderBuffer(int depth) => Depth = depth;

    public int Depth { get; }

    public int Held => _held.Count;

    /// <summary>True when the packet may be processed now (the caller handles it, then calls <see cref="Drain"/>).</summary>
    public ArrivalDecision Offer(long extended)
    {
        if (_next < 0 || (extended == _next && _held.Count == 0))
        {
            _next = extended + 1;
            return ArrivalDecision.ProcessNow;
        }

        if (extended < _next)
        {
            return ArrivalDecision.Late;
        }

        if (extended == _next)
        {
            _next = extended + 1;
            return ArrivalDecision.ProcessNow;
        }

        return ArrivalDecision.Hold;
    }

    public void Hold(long extended, BufferedPacket packet) => _held[extended] = packet;

    /// <summary>Packets that may be processed now, in order: the contiguous run from the next expected, or all when over depth.</summary>
    public IEnumerable<BufferedPacket> Drain(bool all = false)
    {
        while (_held.Count > 0)
        {
            var (extended, packet) = _held.First();
            if (extended != _next && !all && _held.Count <= Depth)
            {
                yield break;
            }

            _held.Remove(extended);
            _next = extended + 1;
            yield return packet;
        }
    }

    /// <summary>Forget ordering state (new SSRC or restarted sequence).</summary>
    public void Reset() => _next = -1;
}

public enum ArrivalDecision
{
    ProcessNow,
    Hold,
    Late,
}

/// <summary>A held packet's payload and what is needed to place it.</summary>
public sealed record BufferedPacket(byte[] Payload, uint Timestamp, PayloadFormat Format, long Arrival, uint Ssrc, long Sequence);
