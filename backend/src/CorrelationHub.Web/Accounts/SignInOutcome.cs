namespace CorrelationHub.Web.Accounts;

/// <summary>How a sign-in ended: signed in, refused (unknown user or wrong password: one answer), or throttled for <see cref="RetryAfter"/>.</summary>
public sealed record SignInOutcome(bool SignedIn, TimeSpan? RetryAfter)
{
    public static SignInOutcome Success { get; } = new(true, null);

    public static SignInOutcome Refused { get; } = new(false, null);

    public static SignInOutcome Throttled(TimeSpan retryAfter) => new(false, retryAfter);
}
