namespace CorrelationHub.Sip.Bodies;

/// <summary>Why a request body cannot be used; each maps to one SIP response (docs/interop.md, response codes).</summary>
public enum BodyError
{
    None = 0,

    /// <summary>A multipart body that cannot be split into parts: 400.</summary>
    Malformed,

    /// <summary>A required body or part of a type we do not understand (RFC 5621): 415 with Accept.</summary>
    UnsupportedRequired,
}
