using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.Web.Ingest;
using Dapper;

namespace CorrelationHub.Web.Endpoints;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (listeners bound, database answering, backlogs).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (SipListenerEndpoints sip, SipCounters counters, RecordingFactConsumer facts, AgentEventWriter events, CorrelationScheduler correlation, IDbConnectionFactory database, CancellationToken cancellationToken) =>
        {
            string databaseStatus;
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
                databaseStatus = "ok";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                databaseStatus = "unavailable";
            }

            var ready = sip.Ready.IsCompletedSuccessfully && databaseStatus == "ok";
            var body = new
            {
                status = ready ? "ready" : "starting",
                sip = new { udp = sip.Udp?.ToString(), tcp = sip.Tcp?.ToString(), tls = sip.Tls?.ToString() },
                database = new { provider = database.Dialect.Name, status = databaseStatus },
                counters = counters.Snapshot(),
                recordingFactsApplied = facts.Applied,
                agentEventBacklog = events.Backlog,
                correlationBacklog = correlation.Pending,
            };
            return ready ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
