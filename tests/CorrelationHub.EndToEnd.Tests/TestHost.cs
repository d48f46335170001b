using System.Net;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.TestSupport;
using CorrelationHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// The real host (Kestrel, SIP listeners, SQLite file, recordings folder) on free loopback ports, in a temporary
/// folder of its own, so tests run in parallel and beside a running product.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string ApiKey = "e2e-test-key";

    private readonly WebApplication _app;

    private TestHost(WebApplication app, string directory)
    {
        _app = app;
        Directory = directory;
    }

    public string Directory { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    public IPEndPoint SipUdp { get; private set; } = null!;

    public IPEndPoint SipTcp { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<TestHost> StartAsync(params string[] extraArgs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "correlationhub-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var rtpBase = 30000 + (Random.Shared.Next(0, 450) * 20);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Sip:ListenAddress=127.0.0.1",
            "--Sip:EphemeralPorts=true",
            "--Sip:UdpPort=5060",
            "--Sip:TcpPort=5060",
            $"--Media:RtpPortMin={rtpBase}",
            $"--Media:RtpPortMax={rtpBase + 199}",
            $"--Storage:ConnectionString=Data Source={Path.Combine(directory, "correlationhub.db")}",
            $"--Recording:Directory={Path.Combine(directory, "recordings")}",
            "--Auth:Mode=Open",
            $"--Access:ApiKeys:0={ApiKey}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. extraArgs,
        ];
        var app = CorrelationHubApp.Build(args);
        var host = new TestHost(app, directory);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        host.BaseUrl = addresses.First().TrimEnd('/');
        var sip = app.Services.GetRequiredService<SipListenerEndpoints>();
        await sip.Ready;
        host.SipUdp = sip.Udp!;
        host.SipTcp = sip.Tcp!;
        host.Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        host.Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
