using System.Collections.Concurrent;
using System.Net.Sockets;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>
/// The one <see cref="ISipSender"/>: knows the UDP socket and the open stream connections. Responses on a stream go
/// back on the connection the request came on (RFC 3261 §18.2.2).
/// </summary>
public sealed class SipTransportRegistry : ISipSender
{
    private readonly ConcurrentDictionary<long, ISipStreamConnection> _connections = new();
    private Socket? _udp;
    private long _nextConnectionId;

    public long NextConnectionId() => Interlocked.Increment(ref _nextConnectionId);

    public void SetUdpSocket(Socket? socket) => _udp = socket;

    public void Register(ISipStreamConnection connection) => _connections[connection.Id] = connection;

    public void Unregister(long id) => _connections.TryRemove(id, out _);

    public int OpenConnections => _connections.Count;

    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsStream)
        {
            return _connections.TryGetValue(destination.ConnectionId, out var connection)
                && await connection.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }

        var socket = _udp;
        if (socket is null)
        {
            return false;
        }

        try
        {
            await socket.SendToAsync(data, SocketFlags.None, destination.Remote, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
