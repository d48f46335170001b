namespace CorrelationHub.Web.Hubs;

/// <summary>What the map page receives on <c>/hubs/map</c>.</summary>
public interface IMapClient
{
    /// <summary>Something changed for these agents or extensions; the page refetches what it shows.</summary>
    Task Changed(MapChange change);
}

public sealed record MapChange(IReadOnlyList<string> Agents, IReadOnlyList<string> Extensions, string ServerTime);
