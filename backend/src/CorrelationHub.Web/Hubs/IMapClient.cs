using CorrelationHub.Web.Live;

namespace CorrelationHub.Web.Hubs;

/// <summary>What the map page receives on <c>/hubs/map</c> after <c>Subscribe()</c> (see <see cref="MapSnapshot"/>).</summary>
public interface IMapClient
{
    /// <summary>Coalesced changes for this reader (at most one per <see cref="MapNotifier.Interval"/>).</summary>
    Task Delta(MapDelta delta);

    /// <summary>The feed is alive (every <see cref="MapNotifier.TickInterval"/>).</summary>
    Task Tick(MapTick tick);
}
