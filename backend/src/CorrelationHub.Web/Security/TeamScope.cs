using System.Security.Claims;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Which teams a reader may see. Administrators and machine clients (API keys) see every team, as does anyone under
/// <c>Access:Mode=Open</c>; a supervisor (a local account or the map gadget's Finesse supervisor token) sees the teams
/// of its <see cref="AgentSessionClaims.SupervisedTeam"/> claims; anyone else sees nothing.
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
        if (accessOpen || user.IsInRole(AdministratorRole) || user.IsInRole(MachineRole))
        {
            return Everything;
        }

        var teams = user.FindAll(AgentSessionClaims.SupervisedTeam).Select(c => c.Value).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        return teams.Count == 0 ? Nothing : new TeamScope(false, teams);
    }

    /// <summary>True when a row of this team may be shown (an agent with no known team is shown only to <see cref="All"/>).</summary>
    public bool Allows(string? teamId) => All || (teamId is not null && TeamIds.Contains(teamId));
}
