using System.Net;
using System.Net.Sockets;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>Accepts TCP connections and runs one <see cref="StreamSipConnection"/> per connection.</summary>
public sealed class TcpSipListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly SipTransportRegistry _registry;
    private readonly ISipMessageHandler _handler;
    private readonly SipCounters _counters;
    private readonly ILogger _logger;

    public TcpSipListener(IPEndPoint endpoint, SipTransportRegistry registry, ISipMessageHandler handler, SipCounters counters, ILogger logger)
    {
        _registry = registry;
        _handler = handler;
        _counters = counters;
        _logger = logger;
        _listener = new TcpListener(endpoint);
        _listener.Start(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
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
                SipLog.AcceptFailed(_logger, ex.SocketErrorCode);
                continue;
            }

            socket.NoDelay = true;
            connections.RemoveAll(t => t.IsCompleted);
            connections.Add(RunConnectionAsync(socket, cancellationToken));
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task RunConnectionAsync(Socket socket, CancellationToken cancellationToken)
    {
        var id = _registry.NextConnectionId();
        var connection = new StreamSipConnection(id, new NetworkStream(socket, ownsSocket: true), SipTransportKind.Tcp, (IPEndPoint)socket.RemoteEndPoint!, (IPEndPoint)socket.LocalEndPoint!, _handler, _counters, _logger);
        _registry.Register(connection);
        try
        {
            await connection.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _registry.Unregister(id);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
