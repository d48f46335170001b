namespace CorrelationHub.Media.Rtp;

/// <summary>Reception counters of one track (one m-line), kept by <see cref="RtpTrack"/> and the socket side.</summary>
public sealed class TrackStatistics
{
    /// <summary>Distinct RTP packets accepted (after SRTP, latching and duplicate removal).</summary>
    public long Packets { get; set; }

    public long Lost { get; set; }

    public long Duplicates { get; set; }

    /// <summary>Arrived after their place in the file was written, or after the jitter buffer moved past them.</summary>
    public long Late { get; set; }

    public long Reordered { get; set; }

    public long Malformed { get; set; }

    public long CodecMismatch { get; set; }

    public long TelephoneEvents { get; set; }

    /// <summary>The keys pressed (RFC 4733 events that ended), in order.</summary>
    public IReadOnlyList<DtmfEvent> Dtmf { get; set; } = [];

    public long ComfortNoise { get; set; }

    /// <summary>Lost Opus packets rebuilt from the next packet's in-band FEC (RFC 7587 §3.2).</summary>
    public long Recovered { get; set; }

    public int SsrcChanges { get; set; }

    /// <summary>Times the timeline was re-anchored to arrival (a timestamp jump, a long pause without timestamps, a stall).</summary>
    public int Reanchors { get; set; }

    /// <summary>Packets of an SSRC we already left (CUCM resume sends the new one; stragglers of the old are dropped).</summary>
    public long StaleSsrc { get; set; }

    /// <summary>Packets from a source address other than the latched one.</summary>
    public long ForeignSource { get; set; }

    public long SrtpAuthenticationFailures { get; set; }

    public long SrtpReplayFailures { get; set; }

    /// <summary>Unknown MKI or a master key past its lifetime.</summary>
    public long SrtpKeyFailures { get; set; }

    public long RtcpPackets { get; set; }

    public double JitterMs { get; set; }

    public double MaxJitterMs { get; set; }

    /// <summary>The codecs decoded, in the order they appeared (<c>PCMU,G729</c> after a codec change).</summary>
    public string? Codec { get; set; }

    public string? UndecodableEncoding { get; set; }
}
