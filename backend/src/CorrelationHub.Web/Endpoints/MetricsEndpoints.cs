using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

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
        app.MapGroup("/api/metrics").WithTags("Compliance").RequireAuthorization(AccessPolicies.Reader)
            .MapGet("/compliance", ComplianceAsync);
        return app;
    }

    private static async Task<Results<Ok<ComplianceView>, ProblemHttpResult>> ComplianceAsync(HttpRequest request, ComplianceQuery query, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var defaultFrom = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-6);
        if (!QueryTime.TryRead(request, "from", defaultFrom, out var from, out var problem) || !QueryTime.TryRead(request, "to", now, out var to, out problem))
        {
            return problem;
        }

        if (to <= from)
        {
            return QueryTime.Invalid("to", "must be after from");
        }

        var scope = ReaderScope.Of(request.HttpContext);
        var report = await query.ComputeAsync(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), scope.Filter, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ComplianceView(
            IsoTime.FromMs(report.FromMs),
            IsoTime.FromMs(report.ToMs),
            ComplianceDefinitions.Text,
            scope.All ? null : scope.Filter,
            report.Overall,
            report.ByDay,
            report.ByTeam,
            report.ByAgent));
    }
}

/// <summary>The answer of <c>GET /api/metrics/compliance</c>; <c>teams</c> names the reader's teams when limited to some.</summary>
public sealed record ComplianceView(
    string? From,
    string? To,
    ComplianceDefinitions Definitions,
    IReadOnlyList<string>? Teams,
    ComplianceFigures Overall,
    IReadOnlyList<ComplianceFigures> ByDay,
    IReadOnlyList<ComplianceFigures> ByTeam,
    IReadOnlyList<ComplianceFigures> ByAgent);

/// <summary>What each compliance figure counts, in words.</summary>
public sealed record ComplianceDefinitions(string RecordingSuccessRate, string MetadataMatchRate, string Latency)
{
    public static readonly ComplianceDefinitions Text = new(
        "voice dialog legs (agent connected, supervisor monitoring excluded) with a matched recording / all such legs",
        "recording segments matched to an agent and a dialog / all recording segments",
        "seconds from the agent's call end to the recording file being available (matched legs)");
}
