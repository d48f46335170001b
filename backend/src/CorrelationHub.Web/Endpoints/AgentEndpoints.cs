using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Endpoints;

public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/agents", async (HttpRequest request, LiveView view, CancellationToken cancellationToken) =>
            Results.Ok(await view.AgentsAsync(request.BaseUrl(), cancellationToken).ConfigureAwait(false)))
            .RequireAuthorization(AccessPolicies.Reader);
        return app;
    }

    /// <summary>scheme://host[:port][/pathbase] of the current request, for absolute links in exports.</summary>
    public static string BaseUrl(this HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
