namespace CorrelationHub.Sip.Messages;

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase, string version = "SIP/2.0")
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Version = version;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public string Version { get; }
}
