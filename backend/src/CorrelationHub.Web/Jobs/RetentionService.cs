using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Jobs;

/// <summary>Deletes audio and rows past <c>Retention:Days</c>, except recordings on legal hold (and their dialogs).</summary>
public sealed partial class RetentionService(RetentionStore store, IOptions<RetentionOptions> retention, IOptions<RecordingOptions> recording, TimeProvider time, ILogger<RetentionService> logger)
{
    /// <summary>Null when retention is off (<c>Retention:Days</c> = 0).</summary>
    public async Task<RetentionResult?> RunAsync(CancellationToken cancellationToken)
    {
        if (retention.Value.Days <= 0)
        {
            return null;
        }

        var cutoff = (time.GetUtcNow() - TimeSpan.FromDays(retention.Value.Days)).ToUnixTimeMilliseconds();
        var root = Path.GetFullPath(recording.Value.Directory);
        var result = await store.PurgeAsync(cutoff, file => DeleteAudio(root, file), cancellationToken).ConfigureAwait(false);
        Purged(logger, result.Recordings, result.AudioFiles, result.Dialogs, result.AgentEvents, result.HeldRecordingsKept);
        return result;
    }

    private bool DeleteAudio(string root, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DeleteFailed(logger, relative, ex);
            return false;
        }
    }

    [LoggerMessage(2200, LogLevel.Information, "Retention: removed {Recordings} recordings ({Files} audio files), {Dialogs} dialogs, {Events} gadget events; {Held} past-retention recordings kept on legal hold")]
    private static partial void Purged(ILogger logger, int recordings, int files, int dialogs, int events, int held);

    [LoggerMessage(2201, LogLevel.Warning, "Retention: could not delete audio file {File}; its recording is kept until the next pass")]
    private static partial void DeleteFailed(ILogger logger, string file, Exception exception);
}
