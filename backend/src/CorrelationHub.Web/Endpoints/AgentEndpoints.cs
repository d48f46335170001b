using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/agents</c> (docs/contracts.md §4), and each agent's sessions and state timeline. A reader limited to some
/// teams sees the agents whose current team is one of them (404 for another agent), and of their sessions those
/// whose team (at sign-in) is one of them.
/// </summary>
public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/agents", async (HttpRequest request, LiveView view, CancellationToken cancellationToken) =>
            Results.Ok(await view.AgentsAsync(request.BaseUrl(), ReaderScope.Of(request.HttpContext), cancellationToken).ConfigureAwait(false)))
            .RequireAuthorization(AccessPolicies.Reader);
        app.MapGet("/api/agents/{username}/sessions", SessionsAsync).RequireAuthorization(AccessPolicies.Reader);
        app.MapGet("/api/agents/{username}/states", StatesAsync).RequireAuthorization(AccessPolicies.Reader);
        return app;
    }

    /// <summary>scheme://host[:port][/pathbase] of the current request, for absolute links in exports.</summary>
    public static string BaseUrl(this HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static async Task<IResult> SessionsAsync(string username, HttpRequest request, AgentStore agents, IOptions<CorrelationOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!QueryTime.TryRead(request, "from", now.AddDays(-1), out var from, out var problem) || !QueryTime.TryRead(request, "to", now, out var to, out problem))
        {
            return problem!;
        }

        var scope = ReaderScope.Of(request.HttpContext);
        var agent = scope.All ? null : await agents.GetAsync(username, cancellationToken).ConfigureAwait(false);
        if (!scope.All && !scope.Allows(agent?.TeamId))
        {
            return Results.NotFound();
        }

        var sessions = await agents.SessionsAsync(username, from, to, TimeSpan.FromSeconds(options.Value.SessionTimeoutSeconds), now, cancellationToken).ConfigureAwait(false);
        return Results.Ok(sessions.Where(s => scope.Allows(s.TeamId ?? agent?.TeamId)).Select(s => new
        {
            username = s.Username,
            extension = s.Extension,
            start = IsoTime.Format(s.Start),
            end = s.End is { } end ? IsoTime.Format(end) : null,
            lastSeen = IsoTime.Format(s.LastSeen),
            startReason = s.StartReason,
            endReason = s.EndReason,
            teamId = s.TeamId,
            teamName = s.TeamName,
        }));
    }

    private static async Task<IResult> StatesAsync(string username, HttpRequest request, AgentStore agents, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!QueryTime.TryRead(request, "from", now.AddDays(-1), out var from, out var problem) || !QueryTime.TryRead(request, "to", now, out var to, out problem))
        {
            return problem!;
        }

        var scope = ReaderScope.Of(request.HttpContext);
        if (!scope.All && !scope.Allows((await agents.GetAsync(username, cancellationToken).ConfigureAwait(false))?.TeamId))
        {
            return Results.NotFound();
        }

        var states = await agents.StatesAsync(username, from, to, cancellationToken).ConfigureAwait(false);
        return Results.Ok(states.Select(s => new { at = IsoTime.FromMs(s.StateChangeMs), state = s.State, reasonCodeId = s.ReasonCodeId, extension = s.Extension }));
    }
}
