using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CorrelationHub.Simulator.Sip;

/// <summary>
/// One signalling path from a simulated CUCM or CUBE to the recorder: a TCP connection (framed by Content-Length,
/// RFC 3261 §18.3) or a UDP socket. Final responses complete the waiting request; 1xx are skipped; requests from the
/// recorder (BYE, OPTIONS) are answered 200. UDP requests are retransmitted with Timer A (T1 doubling, §17.1.1.2).
/// </summary>
public sealed class SipChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly bool _udp;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SipMessage>> _pending = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;

    private SipChannel(Socket socket, IPEndPoint server, bool udp)
    {
        _socket = socket;
        _server = server;
        _udp = udp;
        _receiver = Task.Run(ReceiveLoopAsync);
    }

    public bool IsUdp => _udp;

    public IPEndPoint Local => (IPEndPoint)_socket.LocalEndPoint!;

    public string Transport => _udp ? "UDP" : "TCP";

    /// <summary>Requests the recorder sent us (it ended a leg itself).</summary>
    public int RequestsFromRecorder { get; private set; }

    public static async Task<SipChannel> OpenAsync(IPAddress local, IPEndPoint server, bool udp)
    {
        var socket = udp ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(local, 0));
        if (udp)
        {
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
        }
        else
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(server).ConfigureAwait(false);
        }

        return new SipChannel(socket, server, udp);
    }

    /// <summary>Sends a request and waits for its final response (null when none came in time).</summary>
    public async Task<SipMessage?> RequestAsync(string message, string callId, int cseq, string method, TimeSpan timeout)
    {
        var key = Key(callId, cseq, method);
        var waiter = new TaskCompletionSource<SipMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = waiter;
        try
        {
            await SendAsync(message).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + timeout;
            var interval = TimeSpan.FromMilliseconds(500);
            while (true)
            {
                var wait = _udp ? (interval < deadline - DateTime.UtcNow ? interval : deadline - DateTime.UtcNow) : deadline - DateTime.UtcNow;
                if (wait <= TimeSpan.Zero)
                {
                    return null;
                }

                var done = await Task.WhenAny(waiter.Task, Task.Delay(wait)).ConfigureAwait(false);
                if (done == waiter.Task)
                {
                    return await waiter.Task.ConfigureAwait(false);
                }

                if (_udp)
                {
                    await SendAsync(message).ConfigureAwait(false);
                    interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 4_000));
                }
            }
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    public async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        await _sendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_udp)
            {
                await _socket.SendToAsync(bytes, _server).ConfigureAwait(false);
            }
            else
            {
                await _socket.SendAsync(bytes).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private static string Key(string callId, int cseq, string method) => $"{callId}|{cseq.ToString(CultureInfo.InvariantCulture)}|{method}";

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65_536];
        var stream = new List<byte>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_udp)
                {
                    var received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token).ConfigureAwait(false);
                    Dispatch(SipMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes)));
                    continue;
                }

                var read = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                stream.AddRange(buffer.AsSpan(0, read));
                while (TryFrame(stream, out var frame))
                {
                    Dispatch(SipMessage.Parse(frame));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetCanceled();
        }
    }

    private static bool TryFrame(List<byte> stream, out byte[] frame)
    {
        frame = [];
        while (stream.Count >= 2 && stream[0] is (byte)'\r' or (byte)'\n')
        {
            stream.RemoveAt(0); // keep-alive CRLFs (RFC 5626 §3.5.1)
        }

        var text = Encoding.ASCII.GetString([.. stream]);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = 0;
        foreach (var line in text[..end].Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() is var name && (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase)))
            {
                length = int.Parse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var total = end + 4 + length;
        if (stream.Count < total)
        {
            return false;
        }

        frame = [.. stream.GetRange(0, total)];
        stream.RemoveRange(0, total);
        return true;
    }

    private void Dispatch(SipMessage? message)
    {
        if (message is null)
        {
            return;
        }

        if (message.IsResponse)
        {
            if (message.StatusCode >= 200 && message.CallId is { } callId && _pending.TryGetValue(Key(callId, message.CSeq.Number, message.CSeq.Method), out var waiter))
            {
                waiter.TrySetResult(message);
            }

            return;
        }

        if (message.Method == "ACK")
        {
            return;
        }

        RequestsFromRecorder++;
        var response = new StringBuilder();
        response.Append("SIP/2.0 200 OK\r\n");
        foreach (var via in message.All("Via"))
        {
            response.Append("Via: ").Append(via).Append("\r\n");
        }

        response.Append("From: ").Append(message.Get("From")).Append("\r\n");
        response.Append("To: ").Append(message.Get("To")).Append("\r\n");
        response.Append("Call-ID: ").Append(message.CallId).Append("\r\n");
        response.Append("CSeq: ").Append(message.Get("CSeq")).Append("\r\n");
        response.Append("Content-Length: 0\r\n\r\n");
        _ = SendAsync(response.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiver.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _sendGate.Dispose();
    }
}
