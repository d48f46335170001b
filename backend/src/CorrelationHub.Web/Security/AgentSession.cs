using System.Security.Claims;

namespace CorrelationHub.Web.Security;

/// <summary>What a session token stands for: who, on which extension, with which Finesse roles and teams, until when.</summary>
public sealed record AgentSession(
    string Username,
    string? Extension,
    string Kind,
    string AuthMode,
    IReadOnlyList<string> Roles,
    string? TeamId,
    IReadOnlyList<string> SupervisedTeams,
    string? FinesseNode,
    DateTimeOffset ExpiresAt)
{
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, Username),
            new(AgentSessionClaims.Username, Username),
            new(AgentSessionClaims.Kind, Kind),
            new(AgentSessionClaims.AuthMode, AuthMode),
        };
        if (Extension is not null)
        {
            claims.Add(new Claim(AgentSessionClaims.Extension, Extension));
        }

        if (TeamId is not null)
        {
            claims.Add(new Claim(AgentSessionClaims.Team, TeamId));
        }

        if (FinesseNode is not null)
        {
            claims.Add(new Claim(AgentSessionClaims.FinesseNode, FinesseNode));
        }

        claims.AddRange(Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(SupervisedTeams.Select(t => new Claim(AgentSessionClaims.SupervisedTeam, t)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
