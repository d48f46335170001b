namespace CorrelationHub.Media.Rtp;

public enum SequenceVerdict
{
    /// <summary>Newer than anything seen (possibly after a gap).</summary>
    Next,

    /// <summary>Older than the newest but not seen before: reordered.</summary>
    Reordered,

    Duplicate,

    /// <summary>A jump beyond MAX_DROPOUT: dropped unless the next packet confirms it (RFC 3550 A.1).</summary>
    Jump,

    /// <summary>Two sequential packets after a jump: the sender restarted its sequence.</summary>
    Restarted,
}
