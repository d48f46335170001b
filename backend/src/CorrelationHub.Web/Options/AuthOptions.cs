namespace CorrelationHub.Web.Options;

/// <summary>How gadgets prove which agent they speak for (docs/contracts.md §2, <c>Auth:*</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>Finesse</c> (default), <c>SharedSecret</c> or <c>Open</c> (local demo only).</summary>
    public string Mode { get; set; } = AuthModes.Finesse;

    /// <summary>For <c>SharedSecret</c>: the secret gadgets present when they ask for a session.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>Lifetime of the session tokens <c>POST /api/agent-session</c> issues (gadgets renew at 75 %).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Where the token keys are kept (ASP.NET Core Data Protection). Unset: the platform default
    /// (<c>~/.aspnet/DataProtection-Keys</c>). Share it between instances behind one name; keep it across restarts so
    /// gadgets keep their sessions.
    /// </summary>
    public string? KeysDirectory { get; set; }

    public bool IsOpen => Mode.Equals(AuthModes.Open, StringComparison.OrdinalIgnoreCase);

    public bool IsFinesse => Mode.Equals(AuthModes.Finesse, StringComparison.OrdinalIgnoreCase);

    public bool IsSharedSecret => Mode.Equals(AuthModes.SharedSecret, StringComparison.OrdinalIgnoreCase);
}

public static class AuthModes
{
    public const string Finesse = "Finesse";
    public const string SharedSecret = "SharedSecret";
    public const string Open = "Open";
}
