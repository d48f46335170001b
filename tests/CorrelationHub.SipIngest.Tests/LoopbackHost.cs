using System.Net;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>
/// The SIP ingest as the product composes it (<c>AddSipIngest</c>), with its hosted service started on free loopback
/// ports, real RTP sockets and a temporary recordings folder. Facts are read from the real channel.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private LoopbackHost(ServiceProvider provider, string directory)
    {
        _provider = provider;
        _hosted = [.. provider.GetServices<IHostedService>()];
        Directory = directory;
    }

    public string Directory { get; }

    public SipListenerEndpoints Endpoints => _provider.GetRequiredService<SipListenerEndpoints>();

    public SipCounters Counters => _provider.GetRequiredService<SipCounters>();

    public SipServer Server => _provider.GetRequiredService<SipServer>();

    public SipAdmission Admission => _provider.GetRequiredService<SipAdmission>();

    public RtpPortPool Ports => _provider.GetRequiredService<RtpPortPool>();

    public RecordingSessionManager Sessions => _provider.GetRequiredService<RecordingSessionManager>();

    public ChannelRecordingFactSink Facts => _provider.GetRequiredService<ChannelRecordingFactSink>();

    public static async Task<LoopbackHost> StartAsync(Dictionary<string, string?>? settings = null, Func<IServiceProvider, IRecordingSessionHandler>? sessions = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sipingest-loopback-" + Guid.NewGuid().ToString("N")[..10]);
        var rtpBase = 50000 + (Random.Shared.Next(0, 60) * 200);
        var values = new Dictionary<string, string?>
        {
            ["Sip:ListenAddress"] = "127.0.0.1",
            ["Sip:EphemeralPorts"] = "true",
            ["Sip:UdpPort"] = "5060",
            ["Sip:TcpPort"] = "5060",
            ["Sip:TlsPort"] = "5061",
            ["Media:RtpPortMin"] = rtpBase.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Media:RtpPortMax"] = (rtpBase + 199).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Recording:Directory"] = Path.Combine(directory, "recordings"),
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSipIngest(configuration);
        if (sessions is not null)
        {
            services.AddSingleton(sessions);
        }

        var host = new LoopbackHost(services.BuildServiceProvider(), directory);
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await host.Endpoints.Ready;
        return host;
    }

    public IPEndPoint EndpointFor(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Tcp => Endpoints.Tcp!,
        SipTransportKind.Tls => Endpoints.Tls!,
        _ => Endpoints.Udp!,
    };

    public async Task<RecordingFact> FactAsync(RecordingFactKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var fact = await Facts.Reader.ReadAsync(timeout.Token);
            if (fact.Kind == kind)
            {
                return fact;
            }
        }
    }

    private bool _stopped;

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
