namespace CorrelationHub.Web.Security;

public enum FinesseVerificationOutcome
{
    /// <summary>A node answered 200 with the User object.</summary>
    Verified,

    /// <summary>A node answered 401 or 403: the credential is wrong or expired. Other nodes are not asked (lockout counters).</summary>
    CredentialRefused,

    /// <summary>A node answered 404: Finesse has no such user.</summary>
    UnknownUser,

    /// <summary>No node answered in time (or with a readable User).</summary>
    Unavailable,

    /// <summary><c>Finesse:Servers</c> is empty.</summary>
    NotConfigured,
}

/// <summary>The outcome of checking one credential against Finesse, and the node that decided it.</summary>
public sealed record FinesseVerification(FinesseVerificationOutcome Outcome, FinesseUser? User = null, string? Node = null);
