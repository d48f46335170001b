using Microsoft.Extensions.Logging;

namespace CorrelationHub.Web.Live;

/// <summary>Log messages of the live map feed (event ids 2031–2039).</summary>
internal static partial class MapLog
{
    [LoggerMessage(2031, LogLevel.Debug, "Map reader {ConnectionId} subscribed at version {Version} ({Agents} agents, all teams: {All})")]
    public static partial void Subscribed(ILogger logger, string connectionId, long version, int agents, bool all);

    [LoggerMessage(2032, LogLevel.Warning, "Map reader {ConnectionId} fell {Limit} messages behind; newer changes are dropped until it subscribes again")]
    public static partial void ReaderBehind(ILogger logger, string connectionId, int limit);

    [LoggerMessage(2033, LogLevel.Debug, "Sending to map reader {ConnectionId} failed")]
    public static partial void SendFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(2034, LogLevel.Warning, "Gadget events were not applied within {Seconds} s; the map shows what is applied so far")]
    public static partial void ApplyWaitTimedOut(ILogger logger, int seconds);
}
