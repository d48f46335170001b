using System.Net;
using System.Net.Sockets;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost.Linux;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// Receives datagrams on one RTP or RTCP port and hands each to a callback with its source and arrival time: on the
/// shared <see cref="RtpReceiveEngine"/> when there is one (epoll and recvmmsg), else in a loop of its own on the
/// allocation-free <see cref="SocketAddress"/> receive. The callback gets a reused buffer and <see cref="SocketAddress"/>
/// instance and must copy them to keep them. The port is released as soon as the socket is closed and its last
/// packet handled.
/// </summary>
public sealed class RtpReceiver : IDisposable
{
    private const int MaxQueuedAtClose = 1024;

    public delegate void PacketHandler(Span<byte> packet, SocketAddress source, long arrivalTimestamp);

    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action? _released;
    private readonly RtpReceiveEngine? _engine;
    private EpollRegistration? _registration;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    public RtpReceiver(Socket socket, TimeProvider time, ILogger logger, Action? released = null, RtpReceiveEngine? engine = null)
    {
        _engine = engine;
        _socket = socket;
        _time = time;
        _logger = logger;
        _released = released;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    public void Start(PacketHandler handler)
    {
        if (_engine is not null)
        {
            _registration ??= _engine.Add(_socket, Port, handler, _time);
            return;
        }

        _loop ??= Task.Run(() => RunAsync(handler));
    }

    private async Task RunAsync(PacketHandler handler)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(2048);
        var source = new SocketAddress(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, source, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                SipLog.RtpReceiveError(_logger, Port, ex.SocketErrorCode);
                continue;
            }

            handler(buffer.AsSpan(0, received), source, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// Handles what the socket still holds when the call ends (the receive thread may be behind, and the BYE overtakes
    /// the last packets): the port goes back to the pool only after its last packet was accounted for.
    /// </summary>
    private void HandleQueued(PacketHandler handler)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(2048);
        var source = new SocketAddress(_socket.AddressFamily);
        try
        {
            for (var i = 0; i < MaxQueuedAtClose && _socket.Available > 0; i++)
            {
                var received = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
                handler(buffer.AsSpan(0, received), source, _time.GetTimestamp());
            }
        }
        catch (SocketException ex)
        {
            SipLog.RtpReceiveError(_logger, Port, ex.SocketErrorCode);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MediaLog.HandlerFailed(_logger, Port, ex);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stops receiving and waits for the loop, so no packet is handled after this returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_registration is { } registration)
        {
            _engine!.Remove(registration);
            HandleQueued(registration.Handler);
        }

        _stop.Cancel();
        _socket.Dispose();
        if (_loop is { } loop && Task.CurrentId != loop.Id)
        {
            try
            {
                loop.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
        }

        _released?.Invoke();
        _stop.Dispose();
    }
}
