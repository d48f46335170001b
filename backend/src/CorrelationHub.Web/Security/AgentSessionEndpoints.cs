using System.Globalization;
using System.Text.Json;

namespace CorrelationHub.Web.Security;

/// <summary>
/// <c>POST /api/agent-session</c> (docs/contracts.md §3): a short-lived token for a gadget, after proof of identity.
/// <c>GET /api/agent-session</c>: what a token stands for (the gadget's status line, operators checking a deployment).
/// </summary>
public static class AgentSessionEndpoints
{
    public const string SecretHeader = "X-CorrelationHub-Secret";

    public static IEndpointRouteBuilder MapAgentSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/agent-session", CreateAsync).AllowAnonymous().DisableAntiforgery().RequireCors(FinesseCors.PolicyName);
        app.MapGet("/api/agent-session", Describe).RequireAuthorization(AccessPolicies.Session).RequireCors(FinesseCors.PolicyName);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, AgentSessionIssuer issuer, TimeProvider time, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Problem(400, "invalid_request", $"$: body is not JSON: {ex.Message}", "$");
        }

        using (document)
        {
            var (body, field, message) = AgentSessionRequest.Read(document.RootElement);
            if (body is null)
            {
                return Problem(400, "invalid_request", $"{field}: {message}", field);
            }

            var secret = request.Headers[SecretHeader].ToString();
            var outcome = await issuer.IssueAsync(body, request.Headers.Authorization.ToString(), string.IsNullOrEmpty(secret) ? null : secret, cancellationToken).ConfigureAwait(false);
            if (!outcome.Issued)
            {
                if (outcome.Status == 503)
                {
                    request.HttpContext.Response.Headers.RetryAfter = "10";
                }

                return Problem(outcome.Status, outcome.Reason!, outcome.Detail!, null);
            }

            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Ok(View(outcome.Session!, outcome.Token, time.GetUtcNow()));
        }
    }

    private static IResult Describe(HttpContext context)
    {
        var user = context.User;
        var expires = context.Features.Get<Microsoft.AspNetCore.Authentication.IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
        return Results.Ok(new
        {
            username = AgentSessionClaims.UsernameOf(user),
            extension = AgentSessionClaims.ExtensionOf(user),
            kind = AgentSessionClaims.KindOf(user),
            authMode = user.FindFirst(AgentSessionClaims.AuthMode)?.Value,
            roles = user.FindAll(AgentSessionClaims.Role).Select(c => c.Value).ToArray(),
            teamId = user.FindFirst(AgentSessionClaims.Team)?.Value,
            supervisedTeams = AgentSessionClaims.SupervisedTeamsOf(user),
            finesseNode = user.FindFirst(AgentSessionClaims.FinesseNode)?.Value,
            expiresAt = expires?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        });
    }

    private static object View(AgentSession session, string? token, DateTimeOffset now) => new
    {
        token,
        expiresInSeconds = (int)Math.Round((session.ExpiresAt - now).TotalSeconds),
        expiresAt = session.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        username = session.Username,
        extension = session.Extension,
        kind = session.Kind,
        authMode = session.AuthMode,
        roles = session.Roles,
        teamId = session.TeamId,
        supervisedTeams = session.SupervisedTeams,
    };

    private static IResult Problem(int status, string reason, string detail, string? field)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = reason };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return Results.Problem(title: "Gadget session refused", detail: detail, statusCode: status, extensions: extensions);
    }
}
