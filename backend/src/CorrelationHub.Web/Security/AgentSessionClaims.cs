using System.Security.Claims;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Claims of a gadget session token (<c>POST /api/agent-session</c>). Collector tokens have kind <c>agent</c> and may
/// publish events only for their own username and extension; map tokens have kind <c>supervisor</c> and carry the
/// teams a Finesse supervisor supervises, so the map can be limited to them.
/// </summary>
public static class AgentSessionClaims
{
    /// <summary>The Finesse user id (<c>finesse.gadget.Config.id</c>, the event's <c>username</c>). Also <see cref="ClaimTypes.Name"/>.</summary>
    public const string Username = "ch:username";

    /// <summary>The extension the agent signed in with.</summary>
    public const string Extension = "ch:extension";

    /// <summary><see cref="Kinds.Agent"/> or <see cref="Kinds.Supervisor"/>.</summary>
    public const string Kind = "ch:kind";

    /// <summary>The user's own Finesse team id (User <c>teamId</c>), when known.</summary>
    public const string Team = "ch:team";

    /// <summary>One per team the supervisor supervises (User <c>teams/Team/id</c>).</summary>
    public const string SupervisedTeam = "ch:supervised_team";

    /// <summary>The <c>Auth:Mode</c> that issued the token: Finesse, SharedSecret or Open.</summary>
    public const string AuthMode = "ch:auth";

    /// <summary>The Finesse node that confirmed the identity (Finesse mode).</summary>
    public const string FinesseNode = "ch:finesse_node";

    /// <summary>Finesse roles (<c>Agent</c>, <c>Supervisor</c>) are <see cref="ClaimTypes.Role"/> claims.</summary>
    public const string Role = ClaimTypes.Role;

    public static class Kinds
    {
        public const string Agent = "agent";
        public const string Supervisor = "supervisor";
    }

    public static string? UsernameOf(ClaimsPrincipal user) => user.FindFirst(Username)?.Value;

    public static string? ExtensionOf(ClaimsPrincipal user) => user.FindFirst(Extension)?.Value;

    public static string? KindOf(ClaimsPrincipal user) => user.FindFirst(Kind)?.Value;

    /// <summary>The team ids a supervisor token may see.</summary>
    public static IReadOnlyList<string> SupervisedTeamsOf(ClaimsPrincipal user) => [.. user.FindAll(SupervisedTeam).Select(c => c.Value)];
}
