using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
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
        var group = app.MapGroup("/api/agents").WithTags("Agents").RequireAuthorization(AccessPolicies.Reader);
        group.MapGet("/", async (HttpRequest request, LiveView view, CancellationToken cancellationToken) =>
            TypedResults.Ok(await view.AgentsAsync(request.BaseUrl(), ReaderScope.Of(request.HttpContext), cancellationToken).ConfigureAwait(false)));
        group.MapGet("/{username}/sessions", SessionsAsync);
        group.MapGet("/{username}/states", StatesAsync);
        return app;
    }

    /// <summary>scheme://host[:port][/pathbase] of the current request, for absolute links in exports.</summary>
    public static string BaseUrl(this HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static async Task<Results<Ok<IEnumerable<AgentSessionView>>, NotFound, ProblemHttpResult>> SessionsAsync(string username, HttpRequest request, AgentStore agents, IOptions<CorrelationOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!QueryTime.TryRead(request, "from", now.AddDays(-1), out var from, out var problem) || !QueryTime.TryRead(request, "to", now, out var to, out problem))
        {
            return problem;
        }

        var scope = ReaderScope.Of(request.HttpContext);
        var agent = scope.All ? null : await agents.GetAsync(username, cancellationToken).ConfigureAwait(false);
        if (!scope.All && !scope.Allows(agent?.TeamId))
        {
            return TypedResults.NotFound();
        }

        var sessions = await agents.SessionsAsync(username, from, to, TimeSpan.FromSeconds(options.Value.SessionTimeoutSeconds), now, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(sessions.Where(s => scope.Allows(s.TeamId ?? agent?.TeamId)).Select(s => new AgentSessionView(
            s.Username,
            s.Extension,
            IsoTime.Format(s.Start),
            s.End is { } end ? IsoTime.Format(end) : null,
            IsoTime.Format(s.LastSeen),
            s.StartReason,
            s.EndReason,
            s.TeamId,
            s.TeamName)));
    }

    private static async Task<Results<Ok<IEnumerable<AgentStateView>>, NotFound, ProblemHttpResult>> StatesAsync(string username, HttpRequest request, AgentStore agents, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!QueryTime.TryRead(request, "from", now.AddDays(-1), out var from, out var problem) || !QueryTime.TryRead(request, "to", now, out var to, out problem))
        {
            return problem;
        }

        var scope = ReaderScope.Of(request.HttpContext);
        if (!scope.All && !scope.Allows((await agents.GetAsync(username, cancellationToken).ConfigureAwait(false))?.TeamId))
        {
            return TypedResults.NotFound();
        }

        var states = await agents.StatesAsync(username, from, to, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(states.Select(s => new AgentStateView(IsoTime.FromMs(s.StateChangeMs), s.State, s.ReasonCodeId, s.Extension)));
    }
}

/// <summary>One of an agent's sign-in sessions (<c>GET /api/agents/{username}/sessions</c>).</summary>
public sealed record AgentSessionView(string Username, string Extension, string Start, string? End, string LastSeen, string? StartReason, string? EndReason, string? TeamId, string? TeamName);

/// <summary>One state an agent entered (<c>GET /api/agents/{username}/states</c>).</summary>
public sealed record AgentStateView(string? At, string State, string? ReasonCodeId, string? Extension);
