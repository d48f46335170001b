namespace CorrelationHub.SipIngest.Facts;

/// <summary>Per-track reception facts reported with a finished segment.</summary>
public sealed record TrackQuality
{
    /// <summary>0 = left (agent), 1 = right (far end).</summary>
    public int Channel { get; init; }

    public string? Codec { get; init; }

    public long Packets { get; init; }

    public long Lost { get; init; }

    public long Duplicates { get; init; }

    public long Late { get; init; }

    public long CodecMismatchPackets { get; init; }

    public long TelephoneEvents { get; init; }

    public long ComfortNoise { get; init; }

    public int SsrcChanges { get; init; }

    /// <summary>Milliseconds from the ACK to the first packet; null when no packet arrived.</summary>
    public double? FirstPacketDelayMs { get; init; }
}
