using CorrelationHub.SipIngest.Options;
using Quartz;

namespace CorrelationHub.Web.Jobs;

public static class JobRegistration
{
    /// <summary>
    /// The housekeeping jobs on Quartz (in memory, UTC): link finalisation and stale sessions every minute,
    /// retention and the scheduled export daily by cron. Each host gets its own scheduler name, so several hosts
    /// in one process (tests) do not share one.
    /// </summary>
    public static IServiceCollection AddCorrelationHubJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection(JobOptions.Section));
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        services.Configure<ScheduledExportOptions>(configuration.GetSection(ScheduledExportOptions.Section));
        services.AddSingleton<LinkFinalizer>();
        services.AddSingleton<StaleSessionCloser>();
        services.AddSingleton<RetentionService>();
        services.AddSingleton<DailyExporter>();

        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var retention = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        var export = configuration.GetSection(ScheduledExportOptions.Section).Get<ScheduledExportOptions>() ?? new ScheduledExportOptions();
        var scheduler = "correlationhub-" + Guid.NewGuid().ToString("N");
        services.AddQuartz(scheduler, q =>
        {
            Every<FinalizeLinksJob>(q, "finalize-links", jobs.FinalizeIntervalSeconds);
            Every<CloseStaleSessionsJob>(q, "close-stale-sessions", jobs.StaleSessionIntervalSeconds);
            Daily<RetentionJob>(q, "retention", retention.Cron);
            Daily<ScheduledExportJob>(q, "scheduled-export", export.Cron);
        });
        services.AddQuartzHostedService(scheduler, o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static void Every<TJob>(IQuartzBuilder q, string name, int seconds)
        where TJob : class, IJob
    {
        var key = new JobKey(name);
        var interval = TimeSpan.FromSeconds(Math.Max(1, seconds));
        q.AddJob<TJob>(j => j.WithIdentity(key).DisallowConcurrentExecution(true));
        q.AddTrigger<TJob>(t => t.ForJob(key).WithIdentity(name + "-trigger").StartAt(DateTimeOffset.UtcNow + interval).WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
    }

    private static void Daily<TJob>(IQuartzBuilder q, string name, string cron)
        where TJob : class, IJob
    {
        var key = new JobKey(name);
        q.AddJob<TJob>(j => j.WithIdentity(key).DisallowConcurrentExecution(true));
        q.AddTrigger<TJob>(t => t.ForJob(key).WithIdentity(name + "-trigger").WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)));
    }
}
