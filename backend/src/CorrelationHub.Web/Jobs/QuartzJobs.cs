using Quartz;

namespace CorrelationHub.Web.Jobs;

public sealed class FinalizeLinksJob(LinkFinalizer finalizer) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await finalizer.RunAsync(cancellationToken).ConfigureAwait(false);
}

public sealed class CloseStaleSessionsJob(StaleSessionCloser closer) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await closer.RunAsync(cancellationToken).ConfigureAwait(false);
}

public sealed class RetentionJob(RetentionService retention) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await retention.RunAsync(cancellationToken).ConfigureAwait(false);
}

public sealed class ScheduledExportJob(DailyExporter exporter) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await exporter.RunAsync(null, cancellationToken).ConfigureAwait(false);
}
