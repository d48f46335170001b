namespace CorrelationHub.Sip.Messages;

public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, string requestUri, string version = "SIP/2.0")
    {
        Method = method;
        RequestUri = requestUri;
        Version = version;
    }

    public string Method { get; }

    /// <summary>The Request-URI exactly as received.</summary>
    public string RequestUri { get; }

    public string Version { get; }
}
