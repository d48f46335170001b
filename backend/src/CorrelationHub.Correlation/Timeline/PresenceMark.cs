namespace CorrelationHub.Correlation.Timeline;

/// <summary>
/// A sign of an agent's presence, compacted from gadget events: a login, a logout, or "seen on this extension
/// between <see cref="First"/> and <see cref="Last"/>" (one mark per agent, extension and minute).
/// </summary>
public sealed record PresenceMark
{
    public const string Login = "login";
    public const string Logout = "logout";
    public const string Seen = "seen";

    public required string Username { get; init; }

    public required string Kind { get; init; }

    /// <summary>Empty for a logout (the contract does not require an extension there).</summary>
    public required string Extension { get; init; }

    public required DateTimeOffset First { get; init; }

    public required DateTimeOffset Last { get; init; }

    public string? TeamId { get; init; }

    public string? TeamName { get; init; }
}
