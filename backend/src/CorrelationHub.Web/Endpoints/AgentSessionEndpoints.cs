using System.Globalization;
using System.Text.Json;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>POST /api/agent-session</c> (docs/contracts.md §3): a short-lived token for a gadget, after proof of identity.
/// <c>GET /api/agent-session</c>: what a token stands for (the gadget's status line, operators checking a deployment).
/// </summary>
public static class AgentSessionEndpoints
{
    public const string SecretHeader = "X-CorrelationHub-Secret";

    public static IEndpointRouteBuilder MapAgentSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agent-session").WithTags("Gadget").RequireCors(FinesseCors.PolicyName);
        group.MapPost("/", CreateAsync).AllowAnonymous().DisableAntiforgery().Accepts<AgentSessionRequest>("application/json");
        group.MapGet("/", Describe).RequireAuthorization(AccessPolicies.Session);
        return app;
    }

    private static async Task<Results<Ok<IssuedAgentSession>, ProblemHttpResult>> CreateAsync(HttpRequest request, AgentSessionIssuer issuer, TimeProvider time, CancellationToken cancellationToken)
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
            return TypedResults.Ok(View(outcome.Session!, outcome.Token, time.GetUtcNow()));
        }
    }

    private static Ok<AgentSessionDescription> Describe(HttpContext context)
    {
        var user = context.User;
        var expires = context.Features.Get<Microsoft.AspNetCore.Authentication.IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
        return TypedResults.Ok(new AgentSessionDescription(
            AgentSessionClaims.UsernameOf(user),
            AgentSessionClaims.ExtensionOf(user),
            AgentSessionClaims.KindOf(user),
            user.FindFirst(AgentSessionClaims.AuthMode)?.Value,
            user.FindAll(AgentSessionClaims.Role).Select(c => c.Value).ToArray(),
            user.FindFirst(AgentSessionClaims.Team)?.Value,
            AgentSessionClaims.SupervisedTeamsOf(user),
            user.FindFirst(AgentSessionClaims.FinesseNode)?.Value,
            expires?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
    }

    private static IssuedAgentSession View(AgentSession session, string? token, DateTimeOffset now) => new(
        token,
        (int)Math.Round((session.ExpiresAt - now).TotalSeconds),
        session.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        session.Username,
        session.Extension,
        session.Kind,
        session.AuthMode,
        session.Roles,
        session.TeamId,
        session.SupervisedTeams);

    private static ProblemHttpResult Problem(int status, string reason, string detail, string? field)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = reason };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(title: "Gadget session refused", detail: detail, statusCode: status, extensions: extensions);
    }
}

/// <summary>The answer of <c>POST /api/agent-session</c>: the token and what it stands for.</summary>
public sealed record IssuedAgentSession(
    string? Token,
    int ExpiresInSeconds,
    string ExpiresAt,
    string Username,
    string? Extension,
    string Kind,
    string AuthMode,
    IReadOnlyList<string> Roles,
    string? TeamId,
    IReadOnlyList<string> SupervisedTeams);

/// <summary>The answer of <c>GET /api/agent-session</c>: what the presented token stands for.</summary>
public sealed record AgentSessionDescription(
    string? Username,
    string? Extension,
    string? Kind,
    string? AuthMode,
    string[] Roles,
    string? TeamId,
    IReadOnlyList<string> SupervisedTeams,
    string? FinesseNode,
    string? ExpiresAt);
