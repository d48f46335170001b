namespace CorrelationHub.Web.Security;

/// <summary>Authorization policy names.</summary>
public static class AccessPolicies
{
    /// <summary>May read the map, the REST API and audio (<c>Access:*</c>).</summary>
    public const string Reader = "reader";

    /// <summary>May publish agent events (<c>Auth:*</c>).</summary>
    public const string Gadget = "gadget";
}
