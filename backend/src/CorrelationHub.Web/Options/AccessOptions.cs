namespace CorrelationHub.Web.Options;

/// <summary>Who may read the map, the REST API and audio (contract §2, <c>Access:*</c>).</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary><c>Accounts</c> (default: signed-in users or an API key) or <c>Open</c> (local demo only).</summary>
    public string Mode { get; set; } = "Accounts";

    /// <summary>Keys for machine clients, sent as <c>X-Api-Key</c>.</summary>
    public List<string> ApiKeys { get; set; } = [];

    public bool IsOpen => Mode.Equals("Open", StringComparison.OrdinalIgnoreCase);
}
