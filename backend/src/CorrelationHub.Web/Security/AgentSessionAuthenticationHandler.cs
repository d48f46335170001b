using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Authenticates gadgets by the session token of <c>POST /api/agent-session</c>: <c>Authorization: Bearer</c> on HTTP
/// (the fallback), or the <c>access_token</c> query parameter on <c>/hubs/*</c>, because a browser WebSocket cannot
/// send headers (SignalR puts the token there), and on <c>/api/recordings/{id}/audio</c>, which the map's audio
/// player requests. The ticket expires with the token, so the hub closes the connection then and the gadget
/// reconnects with its renewed token.
/// </summary>
public sealed class AgentSessionAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "AgentSession";

    private readonly AgentSessionTokens _tokens;

    public AgentSessionAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgentSessionTokens tokens)
        : base(options, logger, encoder)
    {
        _tokens = tokens;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken() ?? QueryToken();
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!_tokens.TryRead(token, out var session))
        {
            return Task.FromResult(AuthenticateResult.Fail("The session token is not valid or has expired"));
        }

        var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = false };
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(session.ToPrincipal(SchemeName), properties, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", "Bearer realm=\"CorrelationHub\"");
        return Task.CompletedTask;
    }

    private string? BearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private string? QueryToken()
    {
        // Hubs (a WebSocket cannot carry headers) and recording audio (an <audio> element cannot either).
        var path = Request.Path;
        var audio = path.StartsWithSegments("/api/recordings", StringComparison.OrdinalIgnoreCase) && path.Value!.EndsWith("/audio", StringComparison.OrdinalIgnoreCase);
        if (!path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase) && !audio)
        {
            return null;
        }

        var value = Request.Query["access_token"].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
