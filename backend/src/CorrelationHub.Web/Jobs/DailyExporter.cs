using System.Globalization;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Export;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Jobs;

/// <summary>
/// Writes one UTC day's call records to <c>Export:Schedule:Directory</c> as
/// <c>correlationhub-calls-YYYY-MM-DD.csv</c> (or .ndjson): written to a temporary name and renamed, so a
/// reader never sees half a file; an existing file for that day is left alone.
/// </summary>
public sealed partial class DailyExporter(CallQuery query, IOptions<ScheduledExportOptions> options, TimeProvider time, ILogger<DailyExporter> logger)
{
    /// <summary>Exports <paramref name="day"/> (default: yesterday, UTC). Returns the file, or null when off or already there.</summary>
    public async Task<string?> RunAsync(DateOnly? day, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Directory))
        {
            return null;
        }

        var format = settings.Format.Equals("ndjson", StringComparison.OrdinalIgnoreCase) ? "ndjson" : "csv";
        var date = day ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        Directory.CreateDirectory(settings.Directory);
        var path = Path.Combine(settings.Directory, $"correlationhub-calls-{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{format}");
        if (File.Exists(path))
        {
            return null;
        }

        var from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var filter = new CallFilter { FromMs = from.ToUnixTimeMilliseconds(), ToMs = from.AddDays(1).ToUnixTimeMilliseconds() };
        var temporary = path + ".part";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            var records = query.StreamAsync(filter, cancellationToken);
            if (format == "csv")
            {
                await CallExportWriter.WriteCsvAsync(file, records, settings.BaseUrl.TrimEnd('/'), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CallExportWriter.WriteNdjsonAsync(file, records, settings.BaseUrl.TrimEnd('/'), cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: false);
        Exported(logger, path);
        return path;
    }

    [LoggerMessage(2210, LogLevel.Information, "Scheduled export written: {Path}")]
    private static partial void Exported(ILogger logger, string path);
}
