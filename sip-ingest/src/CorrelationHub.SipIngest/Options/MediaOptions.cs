namespace CorrelationHub.SipIngest.Options;

/// <summary>The <c>Media:*</c> configuration keys (docs/contracts.md §2).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    public int RtpPortMin { get; set; } = 20000;

    public int RtpPortMax { get; set; } = 29999;

    /// <summary>Address the RTP sockets bind; empty means the SIP listen address.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>How far behind the newest audio the writer waits for late or reordered packets, in milliseconds.</summary>
    public int JitterAllowanceMilliseconds { get; set; } = 300;

    /// <summary>Packets the per-track jitter buffer holds after a gap before it gives up on the missing ones.</summary>
    public int ReorderDepth { get; set; } = 4;

    /// <summary>Offer RTP/SAVP with SDES crypto lines in the delayed-offer 200 OK (CUCM answers RTP/AVP when it falls back).</summary>
    public bool SrtpOffer { get; set; }

    /// <summary>A stream that received nothing this long after the ACK raises the "no-audio" alarm, while the call is live.</summary>
    public int NoAudioSeconds { get; set; } = 5;

    /// <summary>A released RTP port is not handed out again for this long while others are free (stale packets of the previous call).</summary>
    public int PortCooldownSeconds { get; set; } = 30;

    /// <summary>
    /// The codecs offered in delayed-offer answers and accepted in offers, in order of preference, comma-separated:
    /// <c>PCMU</c>, <c>PCMA</c>, <c>G722</c>, <c>G729</c> (needs Debian's libbcg729-0), <c>opus</c>.
    /// </summary>
    public string Codecs { get; set; } = "PCMU,PCMA,G722,G729,opus";

    /// <summary>After this long without a packet from the latched source, another source may take the stream over.</summary>
    public int RelatchAfterMilliseconds { get; set; } = 1000;

    /// <summary>
    /// Receive RTP with a few epoll threads and recvmmsg, many datagrams per system call (64-bit Linux); false keeps one
    /// asynchronous receive loop per socket, as on other platforms.
    /// </summary>
    public bool BatchedReceive { get; set; } = true;

    /// <summary>Threads of the batched receive path; 0 means one per core.</summary>
    public int ReceiveThreads { get; set; }
}
