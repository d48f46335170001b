using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CorrelationHub.Sip.Framing;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;

namespace RtpLoad;

/// <summary>One recording leg as CUCM or a CUBE media proxy sends it, with an early offer (plain RTP or SRTP).</summary>
internal sealed record Leg(int Call, bool Near, string CallId, string FromTag, string? Key)
{
    public string? ToTag { get; set; }

    public IPEndPoint? Media { get; set; }
}

/// <summary>Signals legs over one TCP connection to the recorder.</summary>
internal sealed class SipLegClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly IPEndPoint _server;
    private readonly List<byte> _buffer = [];
    private int _branch;

    private SipLegClient(TcpClient tcp, IPEndPoint server)
    {
        _tcp = tcp;
        _server = server;
    }

    private IPEndPoint Local => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    public static async Task<SipLegClient> ConnectAsync(IPEndPoint server)
    {
        var tcp = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0)) { NoDelay = true };
        await tcp.ConnectAsync(server);
        return new SipLegClient(tcp, server);
    }

    /// <summary>INVITE with SDP, 200 OK with the recorder's answer, ACK.</summary>
    public async Task EstablishAsync(Leg leg, LoadCodec codec)
    {
        var key = leg.Key is null ? string.Empty : $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{leg.Key}\r\n";
        var body = "v=0\r\no=CiscoSystemsSIP-GW-UserAgent 1 1 IN IP4 127.0.0.1\r\ns=SIP Call\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {20000 + (leg.Call % 10000)} {(leg.Key is null ? "RTP/AVP" : "RTP/SAVP")} {codec.PayloadType} 101\r\na=rtpmap:{codec.Rtpmap}\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n{key}a=sendonly\r\n";
        await SendAsync(Request("INVITE", leg, 101, body));
        while (true)
        {
            var response = await ReceiveAsync();
            if (response.CallId != leg.CallId || response.StatusCode < 200)
            {
                continue;
            }

            if (response.StatusCode != 200 || !SdpParser.TryParse(response.Body.Span, out var answer) || answer.Media.Count == 0 || answer.Media[0].Port == 0)
            {
                throw new InvalidOperationException($"leg {leg.CallId}: {response.StatusCode} {response.ReasonPhrase}");
            }

            leg.ToTag = response.To!.Tag;
            leg.Media = new IPEndPoint(IPAddress.Parse(answer.EffectiveAddress(answer.Media[0])!), answer.Media[0].Port);
            break;
        }

        await SendAsync(Request("ACK", leg, 101, null));
    }

    public async Task ByeAsync(Leg leg) => await SendAsync(Request("BYE", leg, 102, null));

    /// <summary>Reads responses until <paramref name="count"/> 200 OKs to BYE arrived.</summary>
    public async Task ExpectByeOksAsync(int count)
    {
        var seen = 0;
        while (seen < count)
        {
            var response = await ReceiveAsync();
            if (response.StatusCode == 200 && response.CSeq?.Method == "BYE")
            {
                seen++;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Request(string method, Leg leg, int cseq, string? body)
    {
        var local = Local;
        var direction = leg.Near ? "x-nearend" : "x-farend";
        var refci = (18_000_000 + leg.Call).ToString(CultureInfo.InvariantCulture);
        var agent = (60_000 + leg.Call).ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{method} sip:70012@{_server} SIP/2.0\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/TCP {local};branch=z9hG4bKload{Interlocked.Increment(ref _branch)}\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"From: <sip:{agent}@127.0.0.1;{direction};x-refci={refci};x-nearendaddr={agent};x-farendaddr=+35312345{leg.Call % 1000:D3}>;tag={leg.FromTag}\r\n");
        builder.Append("To: <sip:70012@127.0.0.1>").Append(leg.ToTag is null ? string.Empty : ";tag=" + leg.ToTag).Append("\r\n");
        builder.Append("Call-ID: ").Append(leg.CallId).Append("\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {method}\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"Contact: <sip:{agent}@{local};transport=tcp>\r\nMax-Forwards: 70\r\n");
        if (body is null)
        {
            builder.Append("Content-Length: 0\r\n\r\n");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"Content-Type: application/sdp\r\nContent-Length: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n{body}");
        }

        return builder.ToString();
    }

    private async Task SendAsync(string message) => await _tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(message));

    private async Task<SipResponse> ReceiveAsync()
    {
        var chunk = new byte[16384];
        while (true)
        {
            var frame = StreamFramer.TryFrame(new ReadOnlySequence<byte>(_buffer.ToArray()));
            if (frame.Status == StreamFrameStatus.Message)
            {
                var message = _buffer.Skip((int)frame.SkippedBytes).Take((int)frame.MessageLength).ToArray();
                _buffer.RemoveRange(0, (int)(frame.SkippedBytes + frame.MessageLength));
                if (SipParser.Parse(message, isDatagram: false).Message is SipResponse response)
                {
                    return response;
                }

                continue;
            }

            var read = await _tcp.GetStream().ReadAsync(chunk);
            if (read == 0)
            {
                throw new IOException("the recorder closed the SIP connection");
            }

            _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }
}
