using CorrelationHub.Facts;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// Recorder operations for telephony engineers and their scripts: <c>GET /api/sip/status</c>, and drain on
/// (<c>POST /api/sip/drain</c>) or back to configuration (<c>DELETE /api/sip/drain</c>). Draining answers OPTIONS and
/// new INVITEs 503 + Retry-After so CUCM and CUBE fail over, while live recordings go on. Changing it always needs an
/// API key (<c>X-Api-Key</c>), even in <c>Access:Mode=Open</c>. The ingest is reached through <see cref="IIngestControl"/>.
/// </summary>
public static class SipAdminEndpoints
{
    public static IEndpointRouteBuilder MapSipAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sip").WithTags("SIP ingest");
        group.MapGet("/status", (IIngestControl ingest) => TypedResults.Ok(ingest.Status())).RequireAuthorization(AccessPolicies.Reader);
        var drain = group.MapGroup("/drain")
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery();
        drain.MapPost("/", (IIngestControl ingest) => TypedResults.Ok(ingest.SetDrain(true)));
        drain.MapDelete("/", (IIngestControl ingest) => TypedResults.Ok(ingest.SetDrain(null)));
        return app;
    }
}
