using System.Globalization;
using System.Text;

namespace CorrelationHub.Simulator.Sip;

/// <summary>What a recording leg says about itself, as CUCM puts it in the From URI (docs/interop.md, CUCM recording legs).</summary>
public sealed record LegIdentity(
    string Extension,
    string AgentDisplay,
    string NearDevice,
    string Refci,
    string FarEndRefci,
    string FarEndDevice,
    string FarEndAddress,
    bool NearEnd)
{
    public const string ClusterId = "ACME-TST-UCCE-V11";

    public string SessionId => "059a1ef36a92e7f3a278d8ba" + long.Parse(Refci, CultureInfo.InvariantCulture).ToString("D8", CultureInfo.InvariantCulture)[^8..];

    /// <summary>The From header CUCM (or the CUBE media proxy, which copies it) sends: x-nearend or x-farend first.</summary>
    public string From(string host, string tag) =>
        $"\"Agent ({AgentDisplay})\" <sip:{Extension}@{host};{(NearEnd ? "x-nearend" : "x-farend")};x-refci={Refci};x-nearendclusterid={ClusterId};" +
        $"x-nearenddevice={NearDevice};x-nearendaddr={Extension};x-farendrefci={FarEndRefci};x-farendclusterid={ClusterId};" +
        $"x-farenddevice={FarEndDevice};x-farendaddr={FarEndAddress};x-sessionid={SessionId}>;tag={tag}";
}

/// <summary>Builds the requests of a recording leg in the shape of the fixtures (CRLF, true Content-Length).</summary>
public static class LegMessages
{
    public const string RecorderUser = "70012";

    public static string Tag() => Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..8] + "-" + Random.Shared.Next(0x1000, 0xFFFF).ToString("X4", CultureInfo.InvariantCulture);

    public static string Branch() => "z9hG4bK" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static string CallId(string host) => $"{Guid.NewGuid().ToString("N").ToUpperInvariant()[..8]}-{Guid.NewGuid().ToString("N").ToUpperInvariant()[..8]}-{Guid.NewGuid().ToString("N").ToUpperInvariant()[..8]}@{host}";

    public static string RequestUri(SipChannel channel, string serverHost, int serverPort) =>
        $"sip:{RecorderUser}@{serverHost}:{serverPort.ToString(CultureInfo.InvariantCulture)}{(channel.IsUdp ? string.Empty : ";transport=tcp")}";

    public static string Request(
        string method,
        string requestUri,
        SipChannel channel,
        string from,
        string to,
        string callId,
        int cseq,
        string userAgent,
        IEnumerable<(string Name, string Value)> extra,
        string? contentType,
        string body)
    {
        var local = channel.Local;
        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(requestUri).Append(" SIP/2.0\r\n");
        text.Append("Via: SIP/2.0/").Append(channel.Transport).Append(' ').Append(local.Address).Append(':').Append(local.Port)
            .Append(";branch=").Append(Branch()).Append(channel.IsUdp ? ";rport" : string.Empty).Append("\r\n");
        text.Append("From: ").Append(from).Append("\r\n");
        text.Append("To: ").Append(to).Append("\r\n");
        text.Append("Date: ").Append(DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Call-ID: ").Append(callId).Append("\r\n");
        text.Append("CSeq: ").Append(cseq).Append(' ').Append(method).Append("\r\n");
        text.Append("User-Agent: ").Append(userAgent).Append("\r\n");
        text.Append("Max-Forwards: 70\r\n");
        foreach (var (name, value) in extra)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (contentType is not null)
        {
            text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetByteCount(body);
        text.Append("Content-Length: ").Append(bytes).Append("\r\n\r\n").Append(body);
        return text.ToString();
    }

    public static IEnumerable<(string, string)> InviteHeaders(string host, string agentDisplay, string extension, SipChannel channel) =>
    [
        ("Remote-Party-ID", $"\"Agent ({agentDisplay})\" <sip:{extension}@{host}>;party=calling;screen=yes;privacy=off"),
        ("Supported", "timer,resource-priority,replaces"),
        ("Min-SE", "1800"),
        ("Allow", "INVITE, OPTIONS, BYE, CANCEL, ACK, PRACK, UPDATE, REFER, SUBSCRIBE, NOTIFY, INFO, REGISTER"),
        ("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ("Contact", $"<sip:{extension}@{host}:{channel.Local.Port.ToString(CultureInfo.InvariantCulture)};transport={channel.Transport.ToLowerInvariant()}>"),
        ("Expires", "180"),
        ("Allow-Events", "telephone-event"),
        ("Session-ID", Guid.NewGuid().ToString("N") + ";remote=00000000000000000000000000000000"),
        ("Session-Expires", "1800"),
        ("Cisco-Guid", $"{Random.Shared.NextInt64(0, 4_000_000_000).ToString("D10", CultureInfo.InvariantCulture)}-{Random.Shared.NextInt64(0, 4_000_000_000).ToString("D10", CultureInfo.InvariantCulture)}-{Random.Shared.Next(0, 99999).ToString("D10", CultureInfo.InvariantCulture)}-0673060874"),
    ];

    /// <summary>The phone's SDP: answer in the ACK (delayed offer) or CUBE's early offer; one sendonly G.711 stream per entry.</summary>
    public static string Sdp(string origin, string address, IEnumerable<(int Port, int PayloadType, string? Crypto, string? Label)> streams, bool telephoneEvent)
    {
        var text = new StringBuilder();
        text.Append("v=0\r\n");
        text.Append("o=").Append(origin).Append(' ').Append(Random.Shared.Next(1000, 9999)).Append(" 1 IN IP4 ").Append(address).Append("\r\n");
        text.Append("s=SIP Call\r\n");
        text.Append("c=IN IP4 ").Append(address).Append("\r\n");
        text.Append("t=0 0\r\n");
        foreach (var (port, payloadType, crypto, label) in streams)
        {
            var name = payloadType == 8 ? "PCMA" : "PCMU";
            text.Append("m=audio ").Append(port).Append(crypto is null ? " RTP/AVP " : " RTP/SAVP ").Append(payloadType).Append(telephoneEvent ? " 101" : string.Empty).Append("\r\n");
            text.Append("c=IN IP4 ").Append(address).Append("\r\n");
            text.Append("a=rtpmap:").Append(payloadType).Append(' ').Append(name).Append("/8000\r\n");
            text.Append("a=ptime:20\r\n");
            if (telephoneEvent)
            {
                text.Append("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n");
            }

            if (crypto is not null)
            {
                text.Append("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:").Append(crypto).Append("\r\n");
            }

            text.Append("a=sendonly\r\n");
            if (label is not null)
            {
                text.Append("a=label:").Append(label).Append("\r\n");
            }
        }

        return text.ToString();
    }
}
