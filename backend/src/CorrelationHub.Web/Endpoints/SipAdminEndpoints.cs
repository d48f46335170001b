using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Uas;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// Recorder operations for telephony engineers and their scripts: <c>GET /api/sip/status</c>, and drain on
/// (<c>POST /api/sip/drain</c>) or back to configuration (<c>DELETE /api/sip/drain</c>). Draining answers OPTIONS and
/// new INVITEs 503 + Retry-After so CUCM and CUBE fail over, while live recordings go on. Changing it always needs an
/// API key (<c>X-Api-Key</c>), even in <c>Access:Mode=Open</c>.
/// </summary>
public static class SipAdminEndpoints
{
    public static IEndpointRouteBuilder MapSipAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sip/status", (SipAdmission admission, SipServer server, RecordingSessionManager sessions) => Results.Ok(Status(admission, server, sessions)))
            .RequireAuthorization(AccessPolicies.Reader);
        app.MapPost("/api/sip/drain", (SipAdmission admission, SipServer server, RecordingSessionManager sessions) =>
            {
                admission.DrainOverride = true;
                return Results.Ok(Status(admission, server, sessions));
            })
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery();
        app.MapDelete("/api/sip/drain", (SipAdmission admission, SipServer server, RecordingSessionManager sessions) =>
            {
                admission.DrainOverride = null;
                return Results.Ok(Status(admission, server, sessions));
            })
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery();
        return app;
    }

    private static object Status(SipAdmission admission, SipServer server, RecordingSessionManager sessions) => new
    {
        draining = admission.Draining,
        drainSetAtRunTime = admission.DrainOverride is not null,
        dialogs = server.DialogCount,
        pendingSetups = server.PendingSetups,
        recordingLegs = sessions.LiveLegs,
        maxRecordingDialogs = admission.MaxDialogs,
        retryAfterSeconds = admission.RetryAfterSeconds,
    };
}
