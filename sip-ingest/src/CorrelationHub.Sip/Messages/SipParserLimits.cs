namespace CorrelationHub.Sip.Messages;

/// <summary>Size and count limits applied before and during parsing.</summary>
public sealed record SipParserLimits
{
    public static SipParserLimits Default { get; } = new();

    /// <summary>Largest start line plus headers, in bytes.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>Largest body, in bytes. SIPREC INVITEs are 2–4 KB; metadata updates rarely exceed 16 KB.</summary>
    public int MaxBodyBytes { get; init; } = 256 * 1024;

    public int MaxHeaderCount { get; init; } = 256;
}
