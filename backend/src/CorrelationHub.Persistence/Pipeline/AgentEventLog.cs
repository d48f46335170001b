using Microsoft.Extensions.Logging;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>Log messages of the gadget-event pipeline (<see cref="AgentEventWriter"/>). Event ids 3000–3099.</summary>
internal static partial class AgentEventLog
{
    [LoggerMessage(3000, LogLevel.Warning, "A batch of {Count} gadget events failed; retrying them one by one")]
    public static partial void BatchFailed(ILogger logger, int count, Exception? exception);

    [LoggerMessage(3001, LogLevel.Error, "Gadget event {EventId} is stored but could not be applied to agent and dialog state (a replay can apply it later)")]
    public static partial void ProjectionFailed(ILogger logger, string eventId, Exception? exception);

    [LoggerMessage(3002, LogLevel.Warning, "Background WAL checkpoint failed; the next one will retry")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(3003, LogLevel.Information, "Applied {Count} gadget events stored before the last stop")]
    public static partial void Recovered(ILogger logger, int count);

    [LoggerMessage(3004, LogLevel.Error, "Applying gadget events stored before the last stop failed; a recorrelate --replay applies them")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(3005, LogLevel.Error, "Applying gadget events failed; the stage goes on with the next events")]
    public static partial void ProjectionLoopError(ILogger logger, Exception exception);

    [LoggerMessage(3006, LogLevel.Warning, "Applying a batch of gadget events as they were stored failed; they are stored and applied on their own")]
    public static partial void ApplyFailed(ILogger logger, Exception exception);
}
