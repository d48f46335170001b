using System.Buffers.Binary;

namespace CorrelationHub.Media.Rtp;

/// <summary>
/// RFC 4733 telephone-events of one track: every packet of an event shares its start timestamp (§2.5) and carries
/// the duration so far; the end bit closes it (sent three times, §2.5.1.4). Keeps each event as a <see cref="DtmfEvent"/>
/// and reports the span an event covers so far, so the track can mask it.
/// </summary>
internal sealed class TelephoneEvents
{
    /// <summary>Most events kept per track (a stuck key or a hostile sender cannot grow the fact without bound).</summary>
    public const int MaxEvents = 256;

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"];

    private readonly List<DtmfEvent> _events = [];
    private uint? _current;
    private bool _ended;

    public IReadOnlyList<DtmfEvent> Events => _events;

    /// <summary>Events seen (every packet of one shares its start timestamp), whatever they were.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Reads one telephone-event payload. Returns the event's start timestamp and its duration so far (RTP units)
    /// for a key event (0–15), or null for anything else (a repeated end packet, a tone event, a short payload).
    /// </summary>
    public (uint Start, int Duration)? Read(ReadOnlySpan<byte> payload, uint timestamp, int clockRate, Func<uint, double?> secondsAt)
    {
        var isNew = _current != timestamp;
        if (isNew)
        {
            _current = timestamp;
            _ended = false;
            Count++;
        }

        if (payload.Length < 4 || payload[0] > 15)
        {
            return null;
        }

        var end = (payload[1] & 0x80) != 0;
        var duration = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        if (!isNew && _ended)
        {
            return null;
        }

        if (end)
        {
            _ended = true;
            if (_events.Count < MaxEvents)
            {
                _events.Add(new DtmfEvent(Digits[payload[0]], Math.Round(secondsAt(timestamp) ?? 0, 3), (int)Math.Round(duration * 1000.0 / clockRate)));
            }
        }

        return (timestamp, duration);
    }
}
