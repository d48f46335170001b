namespace CorrelationHub.Web.Security;

/// <summary>A session issued, or why not: the HTTP status, a stable <c>reason</c> code and a sentence for the gadget's status line.</summary>
public sealed record AgentSessionOutcome(int Status, string? Reason = null, string? Detail = null, string? Token = null, AgentSession? Session = null)
{
    public bool Issued => Token is not null;

    public static AgentSessionOutcome Refused(int status, string reason, string detail) => new(status, reason, detail);
}
