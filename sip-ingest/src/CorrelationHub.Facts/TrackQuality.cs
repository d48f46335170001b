namespace CorrelationHub.Facts;

/// <summary>Per-track reception facts reported with a finished segment (and with a live media alarm).</summary>
public sealed record TrackQuality
{
    /// <summary>0 = left (agent), 1 = right (far end).</summary>
    public int Channel { get; init; }

    public string? Codec { get; init; }

    /// <summary>The SDES suite that protected the track, or null for plain RTP.</summary>
    public string? Srtp { get; init; }

    /// <summary>Distinct RTP packets accepted.</summary>
    public long Packets { get; init; }

    /// <summary>RFC 3550 A.3 cumulative loss: expected minus received.</summary>
    public long Lost { get; init; }

    public long Duplicates { get; init; }

    /// <summary>Packets that arrived after their place in the file was written.</summary>
    public long Late { get; init; }

    public long Reordered { get; init; }

    /// <summary>Interarrival jitter (RFC 3550 A.8) at the end, and its maximum, in milliseconds.</summary>
    public double JitterMs { get; init; }

    public double MaxJitterMs { get; init; }

    public long CodecMismatchPackets { get; init; }

    public long TelephoneEvents { get; init; }

    /// <summary>The keys pressed (RFC 4733 telephone-events), with where they are in the file and how long they lasted.</summary>
    public IReadOnlyList<DtmfDigit> Dtmf { get; init; } = [];

    public long ComfortNoise { get; init; }

    /// <summary>Lost Opus packets rebuilt from the next packet's in-band FEC.</summary>
    public long FecRecovered { get; init; }

    public int SsrcChanges { get; init; }

    /// <summary>Times the track was re-anchored to arrival time (timestamp jump, pause without timestamps, stall).</summary>
    public int Reanchors { get; init; }

    public long SrtpAuthenticationFailures { get; init; }

    public long SrtpReplayFailures { get; init; }

    /// <summary>Unknown MKI or a master key past its lifetime.</summary>
    public long SrtpKeyFailures { get; init; }

    /// <summary>Packets from a source other than the one the stream latched to, or stragglers of a replaced SSRC.</summary>
    public long ForeignPackets { get; init; }

    public long Malformed { get; init; }

    public long RtcpPackets { get; init; }

    /// <summary>Milliseconds from the ACK to the first packet; null when no packet arrived.</summary>
    public double? FirstPacketDelayMs { get; init; }

    /// <summary>
    /// When the last accepted packet arrived (recorder clock, UTC); null when none did. When the client's BYE is lost
    /// and the recorder ends the leg by timeout, this is the evidence of when the call really ended.
    /// </summary>
    public DateTimeOffset? LastPacketAt { get; init; }
}
