namespace CorrelationHub.Web.Accounts;

/// <summary>Log messages of accounts and sign-in. Event ids 2150–2169. Never a password, hash or cookie.</summary>
internal static partial class AccountLog
{
    [LoggerMessage(2150, LogLevel.Information, "Account {Username} signed in ({Role})")]
    public static partial void SignedIn(ILogger logger, string username, string role);

    [LoggerMessage(2151, LogLevel.Information, "Sign-in refused for account {Username}: unknown account or wrong password")]
    public static partial void SignInRefused(ILogger logger, string username);

    [LoggerMessage(2152, LogLevel.Warning, "Sign-in throttled for account {Username} after repeated failures")]
    public static partial void SignInThrottled(ILogger logger, string username);

    [LoggerMessage(2153, LogLevel.Warning, "Refused an unsafe {Method} to {Path} with the sign-in cookie: {Reason}")]
    public static partial void ForgeryRefused(ILogger logger, string method, string path, string reason);
}
