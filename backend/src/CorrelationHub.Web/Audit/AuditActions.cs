namespace CorrelationHub.Web.Audit;

/// <summary>The actions the audit log records. A family (<c>account</c>, <c>legal-hold</c>) filters all of its members.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string Playback = "playback";
    public const string Export = "export";
    public const string AccountAdd = "account.add";
    public const string AccountUpdate = "account.update";
    public const string AccountSetPassword = "account.set-password";
    public const string AccountRemove = "account.remove";
    public const string LegalHoldPlace = "legal-hold.place";
    public const string LegalHoldRelease = "legal-hold.release";
}

/// <summary>How an audited action ended.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Throttled = "throttled";
    public const string Started = "started";
    public const string Completed = "completed";
    public const string Aborted = "aborted";
}
