using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using CorrelationHub.Sip.Framing;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>
/// Plays the recording client over UDP, TCP or TLS from 127.0.0.100 (the fixtures' CUCM address): sends text,
/// receives every message the recorder sends (responses, and its own BYE), in order.
/// </summary>
internal sealed class LoopbackClient : IAsyncDisposable
{
    private readonly Channel<SipMessage> _received = Channel.CreateUnbounded<SipMessage>();
    private readonly CancellationTokenSource _stop = new();
    private readonly UdpClient? _udp;
    private readonly Stream? _stream;
    private readonly IPEndPoint _server;
    private readonly Task _reader;

    private LoopbackClient(SipTransportKind transport, IPEndPoint server, UdpClient? udp, Stream? stream, IPEndPoint local)
    {
        Transport = transport;
        _server = server;
        _udp = udp;
        _stream = stream;
        Local = local;
        _reader = udp is not null ? ReadDatagramsAsync() : ReadStreamAsync();
    }

    public SipTransportKind Transport { get; }

    public IPEndPoint Local { get; }

    public string Token => Transport switch { SipTransportKind.Tcp => "TCP", SipTransportKind.Tls => "TLS", _ => "UDP" };

    public static async Task<LoopbackClient> ConnectAsync(SipTransportKind transport, IPEndPoint server, X509Certificate2? clientCertificate = null)
    {
        var local = new IPEndPoint(IPAddress.Parse("127.0.0.100"), 0);
        if (transport == SipTransportKind.Udp)
        {
            var udp = new UdpClient(local);
            return new LoopbackClient(transport, server, udp, null, (IPEndPoint)udp.Client.LocalEndPoint!);
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(local);
        await socket.ConnectAsync(server);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (transport == SipTransportKind.Tls)
        {
            var ssl = new SslStream(stream, false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            });
            stream = ssl;
        }

        return new LoopbackClient(transport, server, null, stream, (IPEndPoint)socket.LocalEndPoint!);
    }

    /// <summary>Moves a fixture message onto this client: its Via and Contact name our transport, address and port.</summary>
    public string Adapt(string message)
    {
        var transportParameter = Transport == SipTransportKind.Udp ? string.Empty : ";transport=" + Token.ToLowerInvariant();
        return System.Text.RegularExpressions.Regex.Replace(message, @"SIP/2\.0/(TCP|UDP|TLS) 127\.0\.0\.\d+:\d+", $"SIP/2.0/{Token} 127.0.0.100:{Local.Port}")
            .Replace("127.0.0.100:5060;transport=tcp", $"127.0.0.100:{Local.Port}{transportParameter}", StringComparison.Ordinal);
    }

    public Task SendAsync(string message) => SendAsync(Encoding.UTF8.GetBytes(message));

    public async Task SendAsync(byte[] bytes)
    {
        if (_udp is not null)
        {
            await _udp.SendAsync(bytes, _server);
        }
        else
        {
            await _stream!.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
    }

    public async Task<SipMessage> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Reads until a response with this status (and CSeq method) arrives, skipping others.</summary>
    public async Task<SipResponse> ExpectAsync(int status, string method = "INVITE")
    {
        while (true)
        {
            if (await ReceiveAsync() is SipResponse response && response.StatusCode == status && response.CSeq?.Method == method)
            {
                return response;
            }
        }
    }

    public async Task<SipRequest> ExpectRequestAsync(string method, TimeSpan? timeout = null)
    {
        while (true)
        {
            if (await ReceiveAsync(timeout) is SipRequest request && request.Method == method)
            {
                return request;
            }
        }
    }

    /// <summary>Answers a request of the recorder's with this status.</summary>
    public Task RespondAsync(SipRequest request, int status)
    {
        var lines = new List<string> { $"SIP/2.0 {status} OK" };
        lines.AddRange(request.Headers.GetAll(HeaderNames.Via).Select(v => "Via: " + v));
        lines.Add("From: " + request.Headers.Get(HeaderNames.From));
        lines.Add("To: " + request.Headers.Get(HeaderNames.To));
        lines.Add("Call-ID: " + request.CallId);
        lines.Add("CSeq: " + request.Headers.Get(HeaderNames.CSeq));
        lines.Add("Content-Length: 0");
        return SendAsync(string.Join("\r\n", lines) + "\r\n\r\n");
    }

    private async Task ReadDatagramsAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var datagram = await _udp!.ReceiveAsync(_stop.Token);
                if (SipParser.Parse(datagram.Buffer).Message is { } message)
                {
                    await _received.Writer.WriteAsync(message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ReadStreamAsync()
    {
        var buffer = new List<byte>();
        var chunk = new byte[16 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream!.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                while (true)
                {
                    var frame = StreamFramer.TryFrame(new ReadOnlySequence<byte>(buffer.ToArray()));
                    if (frame.Status != StreamFrameStatus.Message)
                    {
                        break;
                    }

                    var bytes = buffer.Skip((int)frame.SkippedBytes).Take((int)frame.MessageLength).ToArray();
                    buffer.RemoveRange(0, (int)(frame.SkippedBytes + frame.MessageLength));
                    if (SipParser.Parse(bytes, isDatagram: false).Message is { } message)
                    {
                        await _received.Writer.WriteAsync(message);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
        }

        _received.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp?.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        await _reader;
        _stop.Dispose();
    }
}
