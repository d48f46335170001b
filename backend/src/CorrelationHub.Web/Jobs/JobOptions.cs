namespace CorrelationHub.Web.Jobs;

/// <summary>The <c>Jobs:*</c> keys: how often the housekeeping jobs run.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>How often links quiet for <c>Correlation:QuietPeriodSeconds</c> are finalised.</summary>
    public int FinalizeIntervalSeconds { get; set; } = 60;

    /// <summary>How often agents whose gadget went silent are marked signed out.</summary>
    public int StaleSessionIntervalSeconds { get; set; } = 60;
}

/// <summary>The <c>Retention:*</c> keys.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Delete audio and rows older than this many days (0 keeps everything). Legal holds are always kept.</summary>
    public int Days { get; set; }

    /// <summary>When the retention pass runs (Quartz cron, UTC).</summary>
    public string Cron { get; set; } = "0 30 2 * * ?";
}

/// <summary>The <c>Export:Schedule:*</c> keys: a daily export of the previous UTC day's call records to a folder.</summary>
public sealed class ScheduledExportOptions
{
    public const string Section = "Export:Schedule";

    /// <summary>Folder for the files; the scheduled export is off when empty.</summary>
    public string? Directory { get; set; }

    /// <summary><c>csv</c> or <c>ndjson</c>.</summary>
    public string Format { get; set; } = "csv";

    /// <summary>When it runs (Quartz cron, UTC).</summary>
    public string Cron { get; set; } = "0 15 0 * * ?";

    /// <summary>Prefix of the audio URLs in the files (e.g. https://recorder.example:5080); relative when empty.</summary>
    public string BaseUrl { get; set; } = string.Empty;
}
