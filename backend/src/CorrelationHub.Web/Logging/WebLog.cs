using Microsoft.Extensions.Logging;

namespace CorrelationHub.Web.Logging;

/// <summary>Log messages of the web host. Event ids 2000–2999. No phone numbers or credentials at Information.</summary>
internal static partial class WebLog
{
    [LoggerMessage(2000, LogLevel.Warning, "Auth:Mode=Open: gadget events are accepted without proof of identity. Use only for a local demo.")]
    public static partial void AuthOpen(ILogger logger);

    [LoggerMessage(2001, LogLevel.Warning, "Access:Mode=Open: anyone who can reach this server can read the map, the API and the audio. Use only for a local demo.")]
    public static partial void AccessOpen(ILogger logger);

    [LoggerMessage(2002, LogLevel.Information, "Database ready ({Provider}); migrations applied now: {Applied}")]
    public static partial void DatabaseReady(ILogger logger, string provider, string applied);

    [LoggerMessage(2010, LogLevel.Debug, "Gadget event refused: {Field}: {Message}")]
    public static partial void EventRefused(ILogger logger, string field, string message);

    [LoggerMessage(2011, LogLevel.Debug, "Duplicate gadget event {EventId} acknowledged, not applied")]
    public static partial void DuplicateEvent(ILogger logger, string eventId);

    [LoggerMessage(2020, LogLevel.Error, "Storing recording fact for {RecordingId} segment {SegmentIndex} failed")]
    public static partial void RecordingFactFailed(ILogger logger, string recordingId, int segmentIndex, Exception exception);

    [LoggerMessage(2021, LogLevel.Information, "Recording {RecordingId} segment {SegmentIndex}: {Status} (confidence {Confidence:F2})")]
    public static partial void Linked(ILogger logger, string recordingId, int segmentIndex, string status, double confidence);

    [LoggerMessage(2030, LogLevel.Error, "Map notification failed")]
    public static partial void MapNotifyFailed(ILogger logger, Exception exception);
}
