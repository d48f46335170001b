namespace CorrelationHub.Media.Rtp;

public sealed record RtpTrackOptions
{
    /// <summary>Packets the jitter buffer holds after a gap before it gives up on the missing ones.</summary>
    public int ReorderDepth { get; init; } = 4;

    /// <summary>How far a timestamp may run ahead of arrival before the track re-anchors.</summary>
    public TimeSpan MaxAhead { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Write silence where a telephone-event says a key was pressed (<c>Recording:MaskDtmf</c>: card numbers typed on the keypad).</summary>
    public bool MaskDtmf { get; init; }

    /// <summary>How far a timestamp may fall behind arrival before the track re-anchors (a place already written re-anchors anyway).</summary>
    public TimeSpan MaxBehind { get; init; } = TimeSpan.FromSeconds(3);
}
