using System.Security.Cryptography;
using System.Text.Json;
using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Issues and reads the short-lived session tokens: the session as JSON, encrypted and authenticated with ASP.NET
/// Core Data Protection (keys in <c>Auth:KeysDirectory</c>), base64url. Opaque to the gadget; the expiry is checked
/// against <see cref="TimeProvider"/>.
/// </summary>
public sealed class AgentSessionTokens
{
    private const string Purpose = "CorrelationHub.AgentSession.v1";

    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<AuthOptions> _auth;

    public AgentSessionTokens(IDataProtectionProvider protection, TimeProvider time, IOptionsMonitor<AuthOptions> auth)
    {
        _protector = protection.CreateProtector(Purpose);
        _time = time;
        _auth = auth;
    }

    public TimeSpan Lifetime => _auth.CurrentValue.TokenLifetime > TimeSpan.Zero ? _auth.CurrentValue.TokenLifetime : TimeSpan.FromMinutes(30);

    /// <summary>A new session expiring one token lifetime from now.</summary>
    public (string Token, AgentSession Session) Issue(AgentSession draft)
    {
        var session = draft with { ExpiresAt = _time.GetUtcNow() + Lifetime };
        var payload = new TokenPayload(session.Username, session.Extension, session.Kind, session.AuthMode, [.. session.Roles], session.TeamId, [.. session.SupervisedTeams], session.FinesseNode, session.ExpiresAt.ToUnixTimeMilliseconds());
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        return (WebEncoders.Base64UrlEncode(_protector.Protect(bytes)), session);
    }

    /// <summary>The session of a token that is genuine and not expired.</summary>
    public bool TryRead(string token, out AgentSession session)
    {
        session = null!;
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return false;
        }

        try
        {
            var payload = JsonSerializer.Deserialize<TokenPayload>(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
            if (payload is null || string.IsNullOrEmpty(payload.U) || string.IsNullOrEmpty(payload.K))
            {
                return false;
            }

            var expires = DateTimeOffset.FromUnixTimeMilliseconds(payload.E);
            if (expires <= _time.GetUtcNow())
            {
                return false;
            }

            session = new AgentSession(payload.U, payload.X, payload.K, payload.M ?? string.Empty, payload.R ?? [], payload.T, payload.S ?? [], payload.N, expires);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Short property names keep the token small (it travels in every hub URL).</summary>
    private sealed record TokenPayload(string U, string? X, string K, string? M, string[]? R, string? T, string[]? S, string? N, long E);
}
