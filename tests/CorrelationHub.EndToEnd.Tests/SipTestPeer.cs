using System.Net;
using System.Net.Sockets;
using System.Text;
using CorrelationHub.Sip.Framing;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Plays the recording client (CUCM) over TCP or UDP: sends fixture bytes, reads responses.</summary>
public sealed class SipTestPeer : IAsyncDisposable
{
    private readonly TcpClient? _tcp;
    private readonly UdpClient? _udp;
    private readonly IPEndPoint _server;
    private readonly List<byte> _buffer = [];

    private SipTestPeer(TcpClient? tcp, UdpClient? udp, IPEndPoint server)
    {
        _tcp = tcp;
        _udp = udp;
        _server = server;
    }

    /// <summary>The local endpoint (for rewriting Via on UDP so responses come back here).</summary>
    public IPEndPoint Local => (IPEndPoint)(_tcp?.Client.LocalEndPoint ?? _udp!.Client.LocalEndPoint!);

    public static async Task<SipTestPeer> ConnectTcpAsync(IPEndPoint server)
    {
        var client = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.ConnectAsync(server);
        return new SipTestPeer(client, null, server);
    }

    /// <summary>UDP from 127.0.0.100 (the fixtures' CUCM address) on a free port.</summary>
    public static SipTestPeer OpenUdp(IPEndPoint server) => new(null, new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.100"), 0)), server);

    public async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        if (_tcp is not null)
        {
            await _tcp.GetStream().WriteAsync(bytes);
        }
        else
        {
            await _udp!.SendAsync(bytes, _server);
        }
    }

    public async Task<SipResponse> ReceiveResponseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            byte[] message;
            if (_tcp is not null)
            {
                message = await ReadFramedAsync(cts.Token);
            }
            else
            {
                message = (await _udp!.ReceiveAsync(cts.Token)).Buffer;
            }

            var parsed = SipParser.Parse(message, isDatagram: _udp is not null);
            if (parsed.Message is SipResponse response)
            {
                return response;
            }
        }
    }

    /// <summary>Reads responses until one with this status arrives (skipping 100 Trying and retransmissions).</summary>
    public async Task<SipResponse> ExpectAsync(int status, string? method = null)
    {
        while (true)
        {
            var response = await ReceiveResponseAsync();
            if (response.StatusCode == status && (method is null || response.CSeq?.Method == method))
            {
                return response;
            }
        }
    }

    private async Task<byte[]> ReadFramedAsync(CancellationToken cancellationToken)
    {
        var stream = _tcp!.GetStream();
        var chunk = new byte[8192];
        while (true)
        {
            var sequence = new System.Buffers.ReadOnlySequence<byte>(_buffer.ToArray());
            var frame = StreamFramer.TryFrame(sequence);
            if (frame.Status == StreamFrameStatus.Message)
            {
                var message = _buffer.Skip((int)frame.SkippedBytes).Take((int)frame.MessageLength).ToArray();
                _buffer.RemoveRange(0, (int)(frame.SkippedBytes + frame.MessageLength));
                return message;
            }

            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                throw new IOException("server closed the connection");
            }

            _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp?.Dispose();
        _udp?.Dispose();
        return ValueTask.CompletedTask;
    }
}
