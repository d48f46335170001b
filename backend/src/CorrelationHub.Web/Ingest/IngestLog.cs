namespace CorrelationHub.Web.Ingest;

/// <summary>Log messages of ingest and correlation. Event ids 2100–2199. No phone numbers at Information.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(2100, LogLevel.Error, "Recording fact for {RecordingId} segment {SegmentIndex} could not be read: {Error}")]
    public static partial void RecordingFactUnreadable(ILogger logger, string recordingId, int segmentIndex, string error);

    [LoggerMessage(2101, LogLevel.Debug, "Correlated {Segments} segments against {Legs} dialog legs: {Changed} links changed in {ElapsedMs} ms")]
    public static partial void Correlated(ILogger logger, int segments, int legs, int changed, long elapsedMs);

    [LoggerMessage(2102, LogLevel.Error, "Correlation run failed; its windows are queued again")]
    public static partial void CorrelationFailed(ILogger logger, Exception exception);
}
