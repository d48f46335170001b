namespace CorrelationHub.Media.Srtp;

/// <summary>Why an SRTP or SRTCP packet was, or was not, accepted.</summary>
public enum SrtpResult
{
    Ok,

    /// <summary>Shorter than header, MKI and tag, or a malformed header.</summary>
    Malformed,

    /// <summary>The tag did not verify (forged, corrupted, or the wrong key).</summary>
    AuthenticationFailed,

    /// <summary>Already received, or older than the replay window.</summary>
    Replayed,

    /// <summary>The MKI names no key we were given.</summary>
    UnknownMki,

    /// <summary>The master key's lifetime (in packets) is used up (RFC 3711 §9.2).</summary>
    KeyExpired,
}
