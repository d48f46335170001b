namespace CorrelationHub.Web.Security;

/// <summary>Log messages of gadget identity. Event ids 2100–2149. Never a credential or token; extensions only at Debug.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(2100, LogLevel.Information, "Gadget session issued for user {Username} ({Kind}, Auth:Mode={Mode})")]
    public static partial void SessionIssued(ILogger logger, string username, string kind, string mode);

    [LoggerMessage(2101, LogLevel.Information, "Gadget session refused for user {Username}: {Reason}")]
    public static partial void SessionRefused(ILogger logger, string username, string reason);

    [LoggerMessage(2102, LogLevel.Warning, "Finesse node {Node} did not answer the identity check: {Reason}")]
    public static partial void NodeFailed(ILogger logger, string node, string reason);

    [LoggerMessage(2103, LogLevel.Warning, "No Finesse node could check the identity of user {Username}")]
    public static partial void NoNodeAnswered(ILogger logger, string username);

    [LoggerMessage(2104, LogLevel.Warning, "Gadget event refused: the session of user {Username} may not publish for {Field} {Value}")]
    public static partial void BindingRefused(ILogger logger, string username, string field, string value);

    [LoggerMessage(2105, LogLevel.Warning, "Auth:Mode=Finesse but Finesse:Servers is empty: every gadget session will be refused")]
    public static partial void NoFinesseServers(ILogger logger);

    [LoggerMessage(2106, LogLevel.Debug, "Gadget session for user {Username} bound to extension {Extension}, expires {ExpiresAt:o}")]
    public static partial void SessionDetail(ILogger logger, string username, string? extension, DateTimeOffset expiresAt);
}
