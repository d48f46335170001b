using System.Security.Claims;
using CorrelationHub.Web.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Who may read the map, the REST API and audio, from the identities a request authenticated as: an API key
/// (role <c>machine</c>), a signed-in account (role <c>administrator</c> or <c>supervisor</c>), or a map session token
/// that Finesse vouched for (kind <c>supervisor</c>, issued under <c>Auth:Mode=Finesse</c>). A collector token, or a map
/// token issued without Finesse's word, is not a reader. Gadget tokens carry Finesse roles; those never count here.
/// </summary>
public static class Readers
{
    public const string ViaAccount = "account";
    public const string ViaFinesse = "finesse";
    public const string ViaApiKey = "apikey";
    public const string ViaOpen = "open";

    public static bool IsReader(ClaimsPrincipal user) => user.Identities.Any(i => ViaOf(i) is not null);

    /// <summary>An administrator account or an API key: may do admin actions.</summary>
    public static bool IsAdministrator(ClaimsPrincipal user) => user.Identities.Any(i => ViaOf(i) is ViaApiKey || (ViaOf(i) is ViaAccount && HasRole(i, TeamScope.AdministratorRole)));

    /// <summary>The identity that speaks for the request (an account before a map token before an API key), or null.</summary>
    public static ClaimsIdentity? Primary(ClaimsPrincipal user) =>
        user.Identities.Where(i => ViaOf(i) is not null).OrderBy(i => ViaOf(i) switch { ViaAccount => 0, ViaFinesse => 1, _ => 2 }).FirstOrDefault();

    /// <summary><c>account</c>, <c>finesse</c> or <c>apikey</c> for a reader identity; null for anything else.</summary>
    public static string? ViaOf(ClaimsIdentity identity)
    {
        if (identity.HasClaim(c => c.Type == AgentSessionClaims.Kind))
        {
            return identity.HasClaim(AgentSessionClaims.Kind, AgentSessionClaims.Kinds.Supervisor)
                && identity.HasClaim(AgentSessionClaims.AuthMode, AuthModes.Finesse) ? ViaFinesse : null;
        }

        if (HasRole(identity, TeamScope.MachineRole))
        {
            return ViaApiKey;
        }

        return HasRole(identity, TeamScope.AdministratorRole) || HasRole(identity, TeamScope.SupervisorRole) ? ViaAccount : null;
    }

    /// <summary>Who to name in the audit log, and how they came in (<c>open</c> when nobody authenticated under <c>Access:Mode=Open</c>).</summary>
    public static (string? Actor, string Via) Describe(ClaimsPrincipal user)
    {
        var identity = Primary(user);
        return identity is null ? (null, ViaOpen) : (identity.Name ?? identity.FindFirst(AgentSessionClaims.Username)?.Value, ViaOf(identity)!);
    }

    private static bool HasRole(ClaimsIdentity identity, string role) => identity.HasClaim(identity.RoleClaimType, role);
}
