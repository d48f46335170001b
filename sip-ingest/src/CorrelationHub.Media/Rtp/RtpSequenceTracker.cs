using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Rtp;

/// <summary>
/// The extended sequence number of one source and its loss statistics (RFC 3550 Appendix A.1 and A.3):
/// MAX_DROPOUT 3000, MAX_MISORDER 100, wrap counted in cycles, a jump larger than MAX_DROPOUT confirmed by a second
/// sequential packet before it is believed. Duplicates are found with a 128-packet window.
/// </summary>
public sealed class RtpSequenceTracker
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceMod = 1 << 16;

    private readonly SrtpReplayWindow _seen = new();
    private ushort _maxSeq;
    private long _cycles;
    private long _baseExtended;
    private int _badSeq = SequenceMod + 1;
    private bool _initialised;
    private long _lostBeforeRestart;

    /// <summary>Distinct packets accepted.</summary>
    public long Received { get; private set; }

    public long HighestExtended => _cycles + _maxSeq;

    /// <summary>RFC 3550 A.3: expected minus received, never negative.</summary>
    public long Lost => _lostBeforeRestart + (_initialised ? Math.Max(0, HighestExtended - _baseExtended + 1 - ReceivedSinceBase) : 0);

    private long ReceivedSinceBase { get; set; }

    public SequenceVerdict Update(ushort sequence, out long extended)
    {
        if (!_initialised)
        {
            Init(sequence);
            extended = sequence;
            Accept(extended);
            return SequenceVerdict.Next;
        }

        var delta = (ushort)(sequence - _maxSeq);
        if (delta == 0)
        {
            extended = HighestExtended;
            return SequenceVerdict.Duplicate;
        }

        if (delta < MaxDropout)
        {
            if (sequence < _maxSeq)
            {
                _cycles += SequenceMod;
            }

            _maxSeq = sequence;
            extended = HighestExtended;
            Accept(extended);
            return SequenceVerdict.Next;
        }

        if (delta <= SequenceMod - MaxMisorder)
        {
            if (sequence == _badSeq)
            {
                // Two sequential packets after a large jump: the source restarted (RFC 3550 A.1).
                _lostBeforeRestart = Lost;
                var received = Received;
                Init(sequence);
                Received = received;
                extended = HighestExtended;
                Accept(extended);
                return SequenceVerdict.Restarted;
            }

            _badSeq = (sequence + 1) & (SequenceMod - 1);
            extended = -1;
            return SequenceVerdict.Jump;
        }

        // Older than the newest: reordered or duplicated. It belongs to the previous cycle when above max.
        extended = (sequence > _maxSeq ? _cycles - SequenceMod : _cycles) + sequence;
        if (extended < 0 || !_seen.Check((ulong)extended))
        {
            return SequenceVerdict.Duplicate;
        }

        Accept(extended);
        return SequenceVerdict.Reordered;
    }

    private void Init(ushort sequence)
    {
        _initialised = true;
        _maxSeq = sequence;
        _cycles = 0;
        _baseExtended = sequence;
        _badSeq = SequenceMod + 1;
        ReceivedSinceBase = 0;
    }

    private void Accept(long extended)
    {
        _seen.Accept((ulong)extended);
        Received++;
        ReceivedSinceBase++;
    }
}
