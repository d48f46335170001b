using System.Globalization;
using System.Security.Claims;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// The principal of a signed-in account, as its session cookie carries it: name, role (<c>administrator</c> or
/// <c>supervisor</c>), one <see cref="AgentSessionClaims.SupervisedTeam"/> per team (the claim <see cref="TeamScope"/>
/// reads for the map token too), the session id and the account version it was built from.
/// </summary>
public static class AccountClaims
{
    /// <summary>The sign-in session (a row of <c>account_sessions</c>).</summary>
    public const string SessionId = "ch:sid";

    /// <summary>The account version the claims were built from; a newer version rebuilds them.</summary>
    public const string Version = "ch:account_version";

    public const string DisplayName = "ch:display_name";

    public static ClaimsPrincipal Principal(AccountRow account, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.Username),
            new(ClaimTypes.Role, account.Role),
            new(SessionId, sessionId),
            new(Version, account.Version.ToString(CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(account.DisplayName))
        {
            claims.Add(new Claim(DisplayName, account.DisplayName));
        }

        if (account.Role == TeamScope.SupervisorRole)
        {
            claims.AddRange(account.Teams.Select(t => new Claim(AgentSessionClaims.SupervisedTeam, t)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AccountCookie.SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }
}
