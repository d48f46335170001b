namespace CorrelationHub.Web.Ingest;

/// <summary>Log messages of ingest and correlation. Event ids 2100–2199. No phone numbers at Information.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(2101, LogLevel.Debug, "Correlated {Segments} segments against {Legs} dialog legs: {Changed} links changed in {ElapsedMs} ms")]
    public static partial void Correlated(ILogger logger, int segments, int legs, int changed, long elapsedMs);

    [LoggerMessage(2102, LogLevel.Error, "Correlation run failed; its windows are queued again")]
    public static partial void CorrelationFailed(ILogger logger, Exception exception);
}
