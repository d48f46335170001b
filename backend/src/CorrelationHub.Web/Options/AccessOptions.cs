namespace CorrelationHub.Web.Options;

/// <summary>Who may read the map, the REST API and audio (docs/contracts.md §2, <c>Access:*</c>).</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary><c>Accounts</c> (default: signed-in users, the map gadget's supervisor token, or an API key) or <c>Open</c> (local demo only).</summary>
    public string Mode { get; set; } = "Accounts";

    /// <summary>Keys for machine clients, sent as <c>X-Api-Key</c>.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A signed-in session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A signed-in session ends this long after sign-in, however active.</summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins for one username (four times as many from one address) before sign-in is refused for <see cref="LockoutDuration"/>.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long sign-in stays refused after <see cref="LockoutThreshold"/> failures; failures older than three times this are forgotten.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests for the same recording segment by the same reader closer together than this are one playback (one audit entry).</summary>
    public TimeSpan PlaybackAuditWindow { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsOpen => Mode.Equals("Open", StringComparison.OrdinalIgnoreCase);
}
