namespace CorrelationHub.Web.Security;

/// <summary>Authorization policy names.</summary>
public static class AccessPolicies
{
    /// <summary>
    /// May read the map, the REST API and audio (<c>Access:*</c>): an API key, a signed-in account, or a map session
    /// token Finesse vouched for (see <see cref="Readers"/>); anyone under <c>Access:Mode=Open</c>.
    /// </summary>
    public const string Reader = "reader";

    /// <summary>Runs every reader scheme and admits anyone, so the endpoint sees who (if anyone) the request is.</summary>
    public const string Identify = "identify";

    /// <summary>May publish agent events (<c>Auth:*</c>): a collector session token, an API key, or anyone under <c>Auth:Mode=Open</c>.</summary>
    public const string Gadget = "gadget";

    /// <summary>Holds a valid gadget session token (collector or map).</summary>
    public const string Session = "agent-session";
}
