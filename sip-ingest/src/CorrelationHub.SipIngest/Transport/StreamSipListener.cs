using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>
/// Accepts TCP connections, with a TLS handshake first when a <see cref="SipTlsContext"/> is given, and runs one
/// <see cref="StreamSipConnection"/> per connection. A failed handshake or a broken connection never stops the
/// accept loop.
/// </summary>
public sealed class StreamSipListener : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly SipTransportKind _kind;
    private readonly SipTlsContext? _tls;
    private readonly SipTransportRegistry _registry;
    private readonly ISipMessageHandler _handler;
    private readonly SipCounters _counters;
    private readonly ILogger _logger;

    public StreamSipListener(IPEndPoint endpoint, SipTlsContext? tls, SipTransportRegistry registry, ISipMessageHandler handler, SipCounters counters, ILogger logger)
    {
        _kind = tls is null ? SipTransportKind.Tcp : SipTransportKind.Tls;
        _tls = tls;
        _registry = registry;
        _handler = handler;
        _counters = counters;
        _logger = logger;
        _listener = new TcpListener(endpoint);
        _listener.Start(1024);
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
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(HandshakeTimeout);
                await ssl.AuthenticateAsServerAsync(_tls.ServerOptions(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException or SocketException)
            {
                _counters.TlsHandshakeFailures.Add(1);
                SipLog.TlsHandshakeFailed(_logger, remote, ex.GetType().Name);
                await ssl.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = ssl;
        }

        await _registry.RunConnectionAsync(stream, _kind, remote, local, _handler, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
