namespace CorrelationHub.Web.Options;

/// <summary>How gadgets prove which agent they speak for (contract §2, <c>Auth:*</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>Finesse</c> (default), <c>SharedSecret</c> or <c>Open</c> (local demo only).</summary>
    public string Mode { get; set; } = AuthModes.Finesse;

    /// <summary>For <c>SharedSecret</c>: the secret gadgets send as a bearer token.</summary>
    public string? SharedSecret { get; set; }

    public bool IsOpen => Mode.Equals(AuthModes.Open, StringComparison.OrdinalIgnoreCase);
}

public static class AuthModes
{
    public const string Finesse = "Finesse";
    public const string SharedSecret = "SharedSecret";
    public const string Open = "Open";
}
