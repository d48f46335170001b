namespace CorrelationHub.Sip.Messages;

/// <summary>Why bytes did not become a usable SIP message. A request with an error other than the start line gets a 400.</summary>
public enum SipParseError
{
    None = 0,
    Empty,
    TooLarge,
    NoHeaderTerminator,
    BadStartLine,
    BadHeaderLine,
    TooManyHeaders,
    BadContentLength,
    BodyTruncated,

    /// <summary>A message on a stream transport without Content-Length (RFC 3261 §18.3, §20.14): answered 400.</summary>
    MissingContentLength,
    MissingRequiredHeader,
    BadRequiredHeader,
}
