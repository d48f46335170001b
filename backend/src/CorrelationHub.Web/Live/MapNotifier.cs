using System.Globalization;
using System.Threading.Channels;
using CorrelationHub.Web.Hubs;
using CorrelationHub.Web.Logging;
using Microsoft.AspNetCore.SignalR;

namespace CorrelationHub.Web.Live;

/// <summary>
/// Coalesces bursts of changes into one <c>Changed</c> message per short window, so a busy site sends the map a
/// few messages a second, not one per event.
/// </summary>
public sealed class MapNotifier : BackgroundService
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly Channel<(string? Agent, string? Extension)> _changes = Channel.CreateUnbounded<(string?, string?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IHubContext<MapHub, IMapClient> _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<MapNotifier> _logger;

    public MapNotifier(IHubContext<MapHub, IMapClient> hub, TimeProvider time, ILogger<MapNotifier> logger)
    {
        _hub = hub;
        _time = time;
        _logger = logger;
    }

    public void AgentChanged(string username) => _changes.Writer.TryWrite((username, null));

    public void ExtensionChanged(string extension) => _changes.Writer.TryWrite((null, extension));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        var extensions = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(Window, _time, stoppingToken).ConfigureAwait(false);
                while (_changes.Reader.TryRead(out var change))
                {
                    if (change.Agent is not null)
                    {
                        agents.Add(change.Agent);
                    }

                    if (change.Extension is not null)
                    {
                        extensions.Add(change.Extension);
                    }
                }

                try
                {
                    var now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    await _hub.Clients.All.Changed(new MapChange([.. agents], [.. extensions], now)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    WebLog.MapNotifyFailed(_logger, ex);
                }

                agents.Clear();
                extensions.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
