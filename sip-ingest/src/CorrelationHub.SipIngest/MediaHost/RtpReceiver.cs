using System.Net;
using System.Net.Sockets;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>Receives datagrams on one RTP or RTCP port and hands each to a callback with its arrival time.</summary>
public sealed class RtpReceiver : IDisposable
{
    public delegate void PacketHandler(Span<byte> packet, IPEndPoint source, long arrivalTimestamp);

    private readonly Socket _socket;
    private readonly Action? _released;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    public RtpReceiver(Socket socket, TimeProvider time, ILogger logger, Action? released = null)
    {
        _socket = socket;
        _released = released;
        _time = time;
        _logger = logger;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Start(PacketHandler handler)
    {
        _loop ??= Task.Run(() => RunAsync(handler));
    }

    private async Task RunAsync(PacketHandler handler)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(2048);
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
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

            handler(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint, _time.GetTimestamp());
        }
    }

    /// <summary>Stops receiving and waits for the loop, so no packet is handled after this returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
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
