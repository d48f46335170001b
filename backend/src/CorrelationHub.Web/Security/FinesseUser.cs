namespace CorrelationHub.Web.Security;

/// <summary>What the backend keeps from a Finesse User object (<c>GET /finesse/api/User/{id}</c>): never the credential.</summary>
public sealed record FinesseUser(
    string LoginId,
    string? LoginName,
    string? Extension,
    string? FirstName,
    string? LastName,
    IReadOnlyList<string> Roles,
    string? TeamId,
    string? TeamName,
    IReadOnlyList<FinesseTeam> SupervisedTeams)
{
    public bool IsSupervisor => Roles.Contains("Supervisor", StringComparer.OrdinalIgnoreCase);
}

/// <summary>A team a supervisor supervises (User <c>teams/Team</c>).</summary>
public sealed record FinesseTeam(string Id, string? Name);
