using System.Net;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest;

/// <summary>
/// Binds the configured SIP listeners at start (a port that cannot be bound fails the start, loudly) and runs them.
/// On stop, the listeners close first, then every live recording is finished so no received audio is lost.
/// </summary>
public sealed class SipIngestHostedService : IHostedService, IAsyncDisposable
{
    private readonly SipOptions _options;
    private readonly SipTransportRegistry _registry;
    private readonly ISipMessageHandler _handler;
    private readonly RecordingSessionManager _sessions;
    private readonly SipListenerEndpoints _endpoints;
    private readonly SipCounters _counters;
    private readonly ILogger<SipIngestHostedService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private UdpSipListener? _udp;
    private TcpSipListener? _tcp;
    private int _disposed;

    public SipIngestHostedService(IOptions<SipOptions> options, SipTransportRegistry registry, ISipMessageHandler handler, RecordingSessionManager sessions, SipListenerEndpoints endpoints, SipCounters counters, ILogger<SipIngestHostedService> logger)
    {
        _options = options.Value;
        _registry = registry;
        _handler = handler;
        _sessions = sessions;
        _endpoints = endpoints;
        _counters = counters;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var address = IPAddress.Parse(_options.ListenAddress);
            if (_options.UdpPort > 0)
            {
                _udp = new UdpSipListener(new IPEndPoint(address, PortToBind(_options.UdpPort)), _handler, _counters, _logger);
                _registry.SetUdpSocket(_udp.Socket);
                _loops.Add(_udp.RunAsync(_stopping.Token));
                SipLog.Listening(_logger, "UDP", _udp.LocalEndPoint);
            }

            if (_options.TcpPort > 0)
            {
                _tcp = new TcpSipListener(new IPEndPoint(address, PortToBind(_options.TcpPort)), _registry, _handler, _counters, _logger);
                _loops.Add(_tcp.RunAsync(_stopping.Token));
                SipLog.Listening(_logger, "TCP", _tcp.LocalEndPoint);
            }

            _endpoints.SetBound(_udp?.LocalEndPoint, _tcp?.LocalEndPoint, null);
        }
        catch (Exception ex)
        {
            _endpoints.SetFailed(ex);
            throw;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_udp is not null)
        {
            await _udp.DisposeAsync().ConfigureAwait(false);
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _sessions.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Port 0 disables a transport (contract); <c>Sip:EphemeralPorts</c> binds any free port instead of the configured one.</summary>
    private int PortToBind(int configured) => _options.EphemeralPorts ? 0 : configured;
}
