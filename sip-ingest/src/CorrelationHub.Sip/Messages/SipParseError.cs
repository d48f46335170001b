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
    MissingRequiredHeader,
    BadRequiredHeader,
}
