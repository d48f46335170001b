using System.Net;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest;

/// <summary>
/// Binds the configured SIP listeners at start (a port that cannot be bound, or a TLS certificate that cannot be
/// loaded, fails the start loudly), runs them and the dialog reaper. On stop, live dialogs get a BYE, the listeners
/// close, then every live recording is finished so no received audio is lost.
/// </summary>
public sealed class SipIngestHostedService : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan ShutdownByeTimeout = TimeSpan.FromSeconds(2);

    private readonly SipOptions _options;
    private readonly MediaOptions _media;
    private readonly SipTransportRegistry _registry;
    private readonly SipServer _server;
    private readonly RecordingSessionManager _sessions;
    private readonly SipListenerEndpoints _endpoints;
    private readonly SipCounters _counters;
    private readonly SipAdmission _admission;
    private readonly TimeProvider _time;
    private readonly ILogger<SipIngestHostedService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private UdpSipListener? _udp;
    private StreamSipListener? _tcp;
    private StreamSipListener? _tls;
    private ITimer? _reaper;
    private bool _lastDraining;
    private int _disposed;

    public SipIngestHostedService(IOptions<SipOptions> options, IOptions<MediaOptions> media, SipTransportRegistry registry, SipServer server, RecordingSessionManager sessions, SipListenerEndpoints endpoints, SipCounters counters, SipAdmission admission, TimeProvider time, ILogger<SipIngestHostedService> logger)
    {
        _options = options.Value;
        _media = media.Value;
        _registry = registry;
        _server = server;
        _sessions = sessions;
        _endpoints = endpoints;
        _counters = counters;
        _admission = admission;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (codecs, skipped) = IngestCodecs.Resolve(_media);
        foreach (var codec in skipped)
        {
            var (package, library) = IngestCodecs.Needs(codec);
            MediaLog.CodecUnavailable(_logger, codec, package, library);
        }

        MediaLog.CodecsOffered(_logger, string.Join(", ", codecs.Maps.Select(m => m.Encoding)));
        try
        {
            var address = IPAddress.Parse(_options.ListenAddress);
            var tls = _options.TlsPort > 0 ? SipTlsContext.FromOptions(_options) : null;
            _registry.Attach(_server, tls, _stopping.Token);
            if (_options.UdpPort > 0)
            {
                _udp = new UdpSipListener(new IPEndPoint(address, PortToBind(_options.UdpPort)), _server, _counters, _logger);
                _registry.SetUdpSocket(_udp.Socket);
                _loops.Add(_udp.RunAsync(_stopping.Token));
                SipLog.Listening(_logger, "UDP", _udp.LocalEndPoint);
            }

            if (_options.TcpPort > 0)
            {
                _tcp = new StreamSipListener(new IPEndPoint(address, PortToBind(_options.TcpPort)), null, _registry, _server, _counters, _logger);
                _loops.Add(_tcp.RunAsync(_stopping.Token));
                SipLog.Listening(_logger, "TCP", _tcp.LocalEndPoint);
            }

            if (tls is not null)
            {
                SipLog.TlsCertificateLoaded(_logger, tls.Certificate.Subject, tls.Certificate.NotAfter.ToUniversalTime());
                _tls = new StreamSipListener(new IPEndPoint(address, PortToBind(_options.TlsPort)), tls, _registry, _server, _counters, _logger);
                _loops.Add(_tls.RunAsync(_stopping.Token));
                SipLog.Listening(_logger, "TLS", _tls.LocalEndPoint);
            }

            var interval = TimeSpan.FromSeconds(Math.Max(1, _options.ReaperIntervalSeconds));
            _lastDraining = _admission.Draining;
            _reaper = _time.CreateTimer(_ => Maintain(), null, interval, interval);
            _endpoints.SetBound(_udp?.LocalEndPoint, _tcp?.LocalEndPoint, _tls?.LocalEndPoint);
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
        _reaper?.Dispose();
        await _server.ByeAllAsync(ShutdownByeTimeout).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_udp is not null)
        {
            await _udp.DisposeAsync().ConfigureAwait(false);
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
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

        _reaper?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Maintain()
    {
        try
        {
            var draining = _admission.Draining;
            if (draining != _lastDraining)
            {
                _lastDraining = draining;
                SipLog.DrainChanged(_logger, draining ? "on" : "off");
            }

            _server.Maintain();
            _sessions.Sweep();
        }
        catch (Exception ex)
        {
            _counters.HandlerFailures.Add(1);
            SipLog.HandlerFailed(_logger, "reaper", ex);
        }
    }

    /// <summary>Port 0 disables a transport (contract); <c>Sip:EphemeralPorts</c> binds any free port instead of the configured one.</summary>
    private int PortToBind(int configured) => _options.EphemeralPorts ? 0 : configured;
}
