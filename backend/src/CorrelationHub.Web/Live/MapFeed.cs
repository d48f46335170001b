using System.Collections.Concurrent;
using System.Globalization;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Web.Hubs;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Live;

/// <summary>
/// The versioned feed behind <c>/hubs/map</c>. A snapshot and a flush never interleave (one gate), so a reader's
/// snapshot at version V plus the deltas after V is exactly what it may see; rows are whole, so a change counted in
/// both is harmless. Each flush is one version; each reader gets its own delta of it, limited to its teams.
/// </summary>
public sealed class MapFeed : IAsyncDisposable
{
    public const int Protocol = 1;

    /// <summary>How long a flush waits for gadget events already stored to be applied to agent state.</summary>
    private static readonly TimeSpan ApplyWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, (MapSubscriber Subscriber, Task Sender)> _subscribers = new(StringComparer.Ordinal);
    private readonly LiveMapReader _reader;
    private readonly AgentEventWriter _events;
    private readonly IHubContext<MapHub, IMapClient> _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<MapFeed> _logger;
    private readonly MapSettings _settings;
    private long _version;

    public MapFeed(LiveMapReader reader, AgentEventWriter events, IHubContext<MapHub, IMapClient> hub, IOptions<CorrelationOptions> correlation, TimeProvider time, ILogger<MapFeed> logger)
    {
        _reader = reader;
        _events = events;
        _hub = hub;
        _time = time;
        _logger = logger;
        var heartbeat = AgentHub.HeartbeatSeconds;
        _settings = new MapSettings(heartbeat, QuietAfter(heartbeat), correlation.Value.SessionTimeoutSeconds, (int)LiveMapReader.RecentWindow.TotalMinutes, LiveMapReader.MaxUnmatched);

        // A new epoch per process: a reader that reconnects to a restarted backend sees it changed.
        Epoch = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow().ToUnixTimeMilliseconds():x}-{Random.Shared.Next():x}");
    }

    public string Epoch { get; }

    public int Subscribers => _subscribers.Count;

    /// <summary>
    /// A gadget is "quiet" once it has missed two heartbeats and a margin: Finesse desktops send one every
    /// <see cref="AgentHub.HeartbeatSeconds"/>, a timer may run late in a background tab.
    /// </summary>
    public static int QuietAfter(int heartbeatSeconds) => (2 * heartbeatSeconds) + 10;

    public async Task<MapSnapshot> SubscribeAsync(string connectionId, TeamScope scope, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var (agents, unmatched) = await _reader.SnapshotAsync(now, cancellationToken).ConfigureAwait(false);
            var subscriber = new MapSubscriber(connectionId, scope, _version);
            var (visibleAgents, visibleUnmatched) = subscriber.Admit(agents, unmatched);
            if (_subscribers.TryRemove(connectionId, out var previous))
            {
                previous.Subscriber.Complete();
            }

            _subscribers[connectionId] = (subscriber, Task.Run(() => SendLoopAsync(subscriber), CancellationToken.None));
            MapLog.Subscribed(_logger, connectionId, _version, visibleAgents.Count, scope.All);
            return new MapSnapshot(
                Protocol,
                Epoch,
                _version,
                IsoTime.Format(now),
                _settings,
                new MapScopeView(scope.All, [.. scope.TeamIds.Order(StringComparer.Ordinal)]),
                visibleAgents,
                visibleUnmatched);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Unsubscribe(string connectionId)
    {
        if (_subscribers.TryRemove(connectionId, out var entry))
        {
            entry.Subscriber.Complete();
        }
    }

    /// <summary>Events are acknowledged once stored; agent state follows a moment later (stage 2). Show applied state.</summary>
    private async Task WhenAppliedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _events.WhenAppliedAsync(cancellationToken).WaitAsync(ApplyWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            MapLog.ApplyWaitTimedOut(_logger, (int)ApplyWait.TotalSeconds);
        }
    }

    /// <summary>One version: reads what the changes touched and queues each reader its part.</summary>
    public async Task FlushAsync(MapChanges changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return;
        }

        await WhenAppliedAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Asked under the gate, once the changes are applied: a snapshot read after this sees them, and a reader
            // whose snapshot is being read now (perhaps from before they were applied) is registered only when the
            // gate is released, so it gets them as a delta.
            if (_subscribers.IsEmpty)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var update = await _reader.ChangesAsync(changes, now, cancellationToken).ConfigureAwait(false);
            var version = ++_version;
            var serverTime = IsoTime.Format(_time.GetUtcNow());
            foreach (var (subscriber, _) in _subscribers.Values)
            {
                if (subscriber.DeltaFor(update, Epoch, version, serverTime) is { } delta && !subscriber.Enqueue(delta) && subscriber.Dropped == 1)
                {
                    MapLog.ReaderBehind(_logger, subscriber.ConnectionId, MapSubscriber.QueueLimit);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tells every reader the version it should hold and the server's clock.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var serverTime = IsoTime.Format(_time.GetUtcNow());
            foreach (var (subscriber, _) in _subscribers.Values)
            {
                subscriber.Enqueue(new MapTick(Epoch, subscriber.Version, serverTime));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SendLoopAsync(MapSubscriber subscriber)
    {
        var client = _hub.Clients.Client(subscriber.ConnectionId);
        await foreach (var message in subscriber.Outgoing.ReadAllAsync().ConfigureAwait(false))
        {
            if (subscriber.Completed)
            {
                break;
            }

            try
            {
                await (message switch
                {
                    MapDelta delta => client.Delta(delta),
                    MapTick tick => client.Tick(tick),
                    _ => Task.CompletedTask,
                }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                MapLog.SendFailed(_logger, subscriber.ConnectionId, ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (subscriber, sender) in _subscribers.Values)
        {
            subscriber.Complete();
            await sender.ConfigureAwait(false);
        }

        _subscribers.Clear();
        _gate.Dispose();
    }
}
