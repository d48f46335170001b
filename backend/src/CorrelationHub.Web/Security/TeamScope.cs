using System.Security.Claims;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Which teams a reader may see. Administrators (accounts with role <c>administrator</c>) and machine clients (API
/// keys, role <c>machine</c>) see every team, as does anyone under <c>Access:Mode=Open</c>; a supervisor sees the teams
/// of its <see cref="AgentSessionClaims.SupervisedTeam"/> claims: a supervisor account's teams, or the teams a Finesse
/// supervisor supervises for the map gadget's token. A gadget token's Finesse roles never widen the scope, and a
/// collector (agent) token contributes nothing. Anyone else sees nothing.
/// </summary>
public sealed record TeamScope(bool All, IReadOnlySet<string> TeamIds)
{
    public const string AdministratorRole = "administrator";
    public const string SupervisorRole = "supervisor";
    public const string MachineRole = "machine";

    public static TeamScope Everything { get; } = new(true, new HashSet<string>());

    public static TeamScope Nothing { get; } = new(false, new HashSet<string>());

    public static TeamScope For(ClaimsPrincipal user, bool accessOpen)
    {
        if (accessOpen)
        {
            return Everything;
        }

        var teams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in user.Identities)
        {
            if (identity.HasClaim(c => c.Type == AgentSessionClaims.Kind))
            {
                if (!identity.HasClaim(AgentSessionClaims.Kind, AgentSessionClaims.Kinds.Supervisor))
                {
                    continue;
                }
            }
            else if (identity.HasClaim(identity.RoleClaimType, AdministratorRole) || identity.HasClaim(identity.RoleClaimType, MachineRole))
            {
                return Everything;
            }

            teams.UnionWith(identity.FindAll(AgentSessionClaims.SupervisedTeam).Select(c => c.Value).Where(v => v.Length > 0));
        }

        return teams.Count == 0 ? Nothing : new TeamScope(false, teams);
    }

    /// <summary>True when a row of this team may be shown (a row with no known team is shown only to <see cref="All"/>).</summary>
    public bool Allows(string? teamId) => All || (teamId is not null && TeamIds.Contains(teamId));

    /// <summary>The team filter for stored queries: null for every team.</summary>
    public string[]? Filter => All ? null : [.. TeamIds.Order(StringComparer.Ordinal)];
}
