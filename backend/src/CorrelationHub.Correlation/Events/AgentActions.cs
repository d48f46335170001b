namespace CorrelationHub.Correlation.Events;

/// <summary>The <c>action</c> values of the gadget event contract (docs/contracts.md §3).</summary>
public static class AgentActions
{
    public const string Login = "login";
    public const string Logout = "logout";
    public const string State = "state";
    public const string Dialog = "dialog";
    public const string Heartbeat = "heartbeat";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Login, Logout, State, Dialog, Heartbeat };

    /// <summary>Finesse user states (finesse.restservices.User.States).</summary>
    public static readonly IReadOnlySet<string> UserStates = new HashSet<string>(StringComparer.Ordinal)
    {
        "LOGOUT", "NOT_READY", "READY", "RESERVED", "RESERVED_OUTBOUND", "RESERVED_OUTBOUND_PREVIEW", "TALKING", "HOLD", "WORK", "WORK_READY", "UNKNOWN",
    };

    public static readonly IReadOnlySet<string> DialogChanges = new HashSet<string>(StringComparer.Ordinal) { "added", "updated", "removed" };
}
