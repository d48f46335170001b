using System.Net;
using System.Net.Sockets;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>
/// Receives SIP datagrams up to 64 KB (SIPREC INVITEs exceed the MTU; IP reassembles them). A failure while
/// handling one datagram is logged and counted; the loop goes on.
/// </summary>
public sealed class UdpSipListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageHandler _handler;
    private readonly SipCounters _counters;
    private readonly ILogger _logger;

    public UdpSipListener(IPEndPoint endpoint, ISipMessageHandler handler, SipCounters counters, ILogger logger)
    {
        _handler = handler;
        _counters = counters;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        if (endpoint.AddressFamily == AddressFamily.InterNetwork)
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        }
        else
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
        }

        _socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public Socket Socket => _socket;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65535);
        EndPoint any = LocalEndPoint.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
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
                // ICMP port unreachable from an earlier send surfaces here on some platforms; keep listening.
                SipLog.UdpReceiveError(_logger, ex.SocketErrorCode);
                continue;
            }

            var local = new IPEndPoint(received.PacketInformation.Address ?? LocalEndPoint.Address, LocalEndPoint.Port);
            var peer = new SipPeer(SipTransportKind.Udp, (IPEndPoint)received.RemoteEndPoint, local);
            try
            {
                // The handler parses (and copies what it keeps) before it returns, and the next receive waits for it.
                await _handler.HandleAsync(buffer.AsMemory(0, received.ReceivedBytes), peer, isDatagram: true, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _counters.HandlerFailures.Add(1);
                SipLog.HandlerFailed(_logger, "UDP", ex);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
