namespace CorrelationHub.Sip.Messages;

/// <summary>
/// The outcome of parsing one message. <see cref="Message"/> may be set even when <see cref="Error"/> is not
/// <see cref="SipParseError.None"/>: the start line and headers were readable, so a request can still be answered 400.
/// </summary>
public sealed record SipParseResult(SipMessage? Message, SipParseError Error, string? Detail = null)
{
    public bool IsValid => Error == SipParseError.None && Message is not null;

    public static SipParseResult Fail(SipParseError error, string? detail = null, SipMessage? partial = null) => new(partial, error, detail);
}
