namespace CorrelationHub.SipIngest.Options;

/// <summary>The <c>Media:*</c> configuration keys (contract §2).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    public int RtpPortMin { get; set; } = 20000;

    public int RtpPortMax { get; set; } = 29999;

    /// <summary>Address the RTP sockets bind; empty means the SIP listen address.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>How far behind the newest audio the writer waits for late or reordered packets, in milliseconds.</summary>
    public int JitterAllowanceMilliseconds { get; set; } = 300;
}
