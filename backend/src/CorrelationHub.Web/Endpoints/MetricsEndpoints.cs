using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/metrics/compliance?from=&amp;to=</c>: recording success rate, metadata match rate and recording latency,
/// overall and per UTC day, team and agent. A reader limited to some teams gets figures over those teams only
/// (overall included).
/// </summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/metrics/compliance", ComplianceAsync).RequireAuthorization(AccessPolicies.Reader);
        return app;
    }

    private static async Task<IResult> ComplianceAsync(HttpRequest request, ComplianceQuery query, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var defaultFrom = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-6);
        if (!QueryTime.TryRead(request, "from", defaultFrom, out var from, out var problem) || !QueryTime.TryRead(request, "to", now, out var to, out problem))
        {
            return problem!;
        }

        if (to <= from)
        {
            return QueryTime.Invalid("to", "must be after from");
        }

        var scope = ReaderScope.Of(request.HttpContext);
        var report = await query.ComputeAsync(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), scope.Filter, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            from = IsoTime.FromMs(report.FromMs),
            to = IsoTime.FromMs(report.ToMs),
            definitions = new
            {
                recordingSuccessRate = "voice dialog legs (agent connected, supervisor monitoring excluded) with a matched recording / all such legs",
                metadataMatchRate = "recording segments matched to an agent and a dialog / all recording segments",
                latency = "seconds from the agent's call end to the recording file being available (matched legs)",
            },
            teams = scope.All ? null : scope.Filter,
            overall = report.Overall,
            byDay = report.ByDay,
            byTeam = report.ByTeam,
            byAgent = report.ByAgent,
        });
    }
}
