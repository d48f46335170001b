using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary><c>GET /api/settings</c>: the modes a page needs before sign-in (the open-mode warning).</summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/settings").WithTags("Settings").AllowAnonymous()
            .MapGet("/", (IOptions<AuthOptions> auth, IOptions<AccessOptions> access) =>
                TypedResults.Ok(new PublicSettings(auth.Value.Mode, access.Value.Mode, auth.Value.IsOpen || access.Value.IsOpen)));
        return app;
    }
}

/// <summary>The answer of <c>GET /api/settings</c>.</summary>
public sealed record PublicSettings(string AuthMode, string AccessMode, bool OpenWarning);
