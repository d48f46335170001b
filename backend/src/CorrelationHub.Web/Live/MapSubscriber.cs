using System.Threading.Channels;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Live;

/// <summary>
/// One reader of the map (a hub connection that called <c>Subscribe()</c>): its team scope, the version it holds,
/// what it has been shown (so a row that leaves its teams is removed from its view), and its outgoing queue. Each
/// reader has its own queue and sender so a slow reader never holds up the others; if its queue overflows, messages
/// are dropped and the version gap makes the page subscribe again.
/// </summary>
public sealed class MapSubscriber
{
    /// <summary>Messages a reader may have waiting before newer ones are dropped (it then resynchronises).</summary>
    public const int QueueLimit = 64;

    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unmatched = new(StringComparer.Ordinal);
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(QueueLimit) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public MapSubscriber(string connectionId, TeamScope scope, long version)
    {
        ConnectionId = connectionId;
        Scope = scope;
        Version = version;
    }

    public string ConnectionId { get; }

    public TeamScope Scope { get; }

    /// <summary>The version of the last message queued for this reader.</summary>
    public long Version { get; private set; }

    /// <summary>Messages dropped because the reader fell behind.</summary>
    public int Dropped { get; private set; }

    public ChannelReader<object> Outgoing => _queue.Reader;

    /// <summary>Keeps what the reader may see of a snapshot, and remembers it as shown.</summary>
    public (IReadOnlyList<LiveAgent> Agents, IReadOnlyList<LiveSegment> Unmatched) Admit(IReadOnlyList<LiveAgent> agents, IReadOnlyList<LiveSegment> unmatched)
    {
        var visibleAgents = agents.Where(a => Scope.Allows(a.TeamId)).ToList();
        var visibleUnmatched = unmatched.Where(s => Scope.Allows(s.TeamId)).ToList();
        _agents.UnionWith(visibleAgents.Select(a => a.Username));
        _unmatched.UnionWith(visibleUnmatched.Select(s => s.Key));
        return (visibleAgents, visibleUnmatched);
    }

    /// <summary>
    /// This reader's part of an update as a delta from its version to <paramref name="version"/>, or null when
    /// nothing in it concerns the reader (its version then stays, so the next delta still follows on).
    /// </summary>
    public MapDelta? DeltaFor(MapUpdate update, string epoch, long version, string serverTime)
    {
        var agents = new List<LiveAgent>();
        var removed = new List<string>();
        foreach (var (username, row) in update.Agents)
        {
            if (row is not null && Scope.Allows(row.TeamId))
            {
                agents.Add(row);
                _agents.Add(username);
            }
            else if (_agents.Remove(username))
            {
                removed.Add(username);
            }
        }

        var unmatched = new List<LiveSegment>();
        var unmatchedRemoved = new List<string>();
        foreach (var (key, row) in update.Unmatched)
        {
            if (row is not null && Scope.Allows(row.TeamId))
            {
                unmatched.Add(row);
                _unmatched.Add(key);
            }
            else if (_unmatched.Remove(key))
            {
                unmatchedRemoved.Add(key);
            }
        }

        if (agents.Count == 0 && removed.Count == 0 && unmatched.Count == 0 && unmatchedRemoved.Count == 0)
        {
            return null;
        }

        var delta = new MapDelta(epoch, Version, version, serverTime, agents, removed, unmatched, unmatchedRemoved);
        Version = version;
        return delta;
    }

    /// <summary>Queues a message; false (and counted) when the reader has fallen too far behind.</summary>
    public bool Enqueue(object message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        Dropped++;
        return false;
    }

    /// <summary>True once the reader unsubscribed or subscribed again: what is still queued is not sent.</summary>
    public bool Completed { get; private set; }

    public void Complete()
    {
        Completed = true;
        _queue.Writer.TryComplete();
    }
}
