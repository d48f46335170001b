using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>
/// The one <see cref="ISipSender"/>: knows the UDP socket and the open stream connections. Responses on a stream go
/// back on the connection the request came on (RFC 3261 §18.2.2); requests of ours reuse the client's connection
/// while it is open and otherwise open one of their own (RFC 3261 §18.1.1).
/// </summary>
public sealed class SipTransportRegistry : ISipSender
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<long, ISipStreamConnection> _connections = new();
    private readonly SipCounters _counters;
    private readonly ILogger<SipTransportRegistry> _logger;
    private Socket? _udp;
    private ISipMessageHandler? _handler;
    private SipTlsContext? _tls;
    private CancellationToken _stopping;
    private long _nextConnectionId;

    public SipTransportRegistry(SipCounters counters, ILogger<SipTransportRegistry> logger)
    {
        _counters = counters;
        _logger = logger;
    }

    public int OpenConnections => _connections.Count;

    public long NextConnectionId() => Interlocked.Increment(ref _nextConnectionId);

    public void SetUdpSocket(Socket? socket) => _udp = socket;

    /// <summary>What connections opened by us need: the handler their responses go to, TLS, and the host's stop signal.</summary>
    public void Attach(ISipMessageHandler handler, SipTlsContext? tls, CancellationToken stopping)
    {
        _handler = handler;
        _tls = tls;
        _stopping = stopping;
    }

    public void Register(ISipStreamConnection connection) => _connections[connection.Id] = connection;

    public void Unregister(long id) => _connections.TryRemove(id, out _);

    public bool IsOpen(SipPeer peer) => !peer.IsStream || _connections.ContainsKey(peer.ConnectionId);

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

    public async ValueTask<SipPeer?> ConnectAsync(SipTransportKind transport, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        if (transport == SipTransportKind.Udp || _handler is not { } handler || (transport == SipTransportKind.Tls && _tls is null))
        {
            return null;
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (transport == SipTransportKind.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(_tls!.ClientOptions(remote.Address.ToString()), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            return null;
        }

        var local = (IPEndPoint)socket.LocalEndPoint!;
        var ready = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = RunConnectionAsync(stream, transport, remote, local, handler, _stopping, ready);
        var id = await ready.Task.ConfigureAwait(false);
        return new SipPeer(transport, remote, local, id);
    }

    /// <summary>Registers a connection, reads it until it closes, then forgets it.</summary>
    public Task RunConnectionAsync(Stream stream, SipTransportKind transport, IPEndPoint remote, IPEndPoint local, ISipMessageHandler handler, CancellationToken cancellationToken) =>
        RunConnectionAsync(stream, transport, remote, local, handler, cancellationToken, null);

    private async Task RunConnectionAsync(Stream stream, SipTransportKind transport, IPEndPoint remote, IPEndPoint local, ISipMessageHandler handler, CancellationToken cancellationToken, TaskCompletionSource<long>? ready)
    {
        var id = NextConnectionId();
        var connection = new StreamSipConnection(id, stream, transport, remote, local, handler, _counters, _logger);
        Register(connection);
        ready?.TrySetResult(id);
        try
        {
            await connection.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Unregister(id);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
