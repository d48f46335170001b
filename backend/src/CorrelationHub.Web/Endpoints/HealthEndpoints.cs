using CorrelationHub.Facts;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Web.Ingest;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (listeners bound, database answering, backlogs).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new LiveHealth("live")));
        group.MapGet("/ready", ReadyAsync);
        return app;
    }

    private static async Task<Results<Ok<ReadyHealth>, JsonHttpResult<ReadyHealth>>> ReadyAsync(IIngestControl ingest, RecordingFactConsumer facts, AgentEventWriter events, CorrelationScheduler correlation, IDbConnectionFactory database, CancellationToken cancellationToken)
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

        var ready = ingest.Ready.IsCompletedSuccessfully && databaseStatus == "ok";
        var body = new ReadyHealth(
            ready ? "ready" : "starting",
            ingest.Listeners,
            new DatabaseHealth(database.Dialect.Name, databaseStatus),
            ingest.Counters(),
            facts.Applied,
            events.Backlog,
            correlation.Pending);
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The answer of <c>/health/live</c>.</summary>
public sealed record LiveHealth(string Status);

/// <summary>The answer of <c>/health/ready</c>: 200 when ready, 503 while starting or when the database does not answer.</summary>
public sealed record ReadyHealth(
    string Status,
    IngestListeners Sip,
    DatabaseHealth Database,
    IReadOnlyDictionary<string, long> Counters,
    long RecordingFactsApplied,
    long AgentEventBacklog,
    int CorrelationBacklog);

public sealed record DatabaseHealth(string Provider, string Status);
