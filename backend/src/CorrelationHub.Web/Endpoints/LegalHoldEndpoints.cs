using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>GET /api/legal-holds</c>: the holds in force, of recordings the reader may see (placing and releasing one is
/// under <see cref="RecordingEndpoints"/>).
/// </summary>
public static class LegalHoldEndpoints
{
    public static IEndpointRouteBuilder MapLegalHoldEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/legal-holds").WithTags("Recordings").RequireAuthorization(AccessPolicies.Reader)
            .MapGet("/", ListAsync);
        return app;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<List<LegalHoldView>>> ListAsync(HttpContext context, LegalHoldStore holds, TeamScopeQuery teams, CancellationToken cancellationToken)
    {
        var visible = new List<LegalHoldView>();
        foreach (var hold in await holds.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await RecordingEndpoints.VisibleAsync(context, hold.RecordingId, teams, cancellationToken).ConfigureAwait(false))
            {
                visible.Add(new LegalHoldView(hold.RecordingId, hold.Reason, hold.PlacedBy, IsoTime.FromMs(hold.PlacedMs)));
            }
        }

        return TypedResults.Ok(visible);
    }
}
