using System.Security.Claims;
using CorrelationHub.Correlation.Events;

namespace CorrelationHub.Web.Security;

/// <summary>
/// A collector's token speaks for one username and one extension: events for anyone else are refused. Machine
/// clients (an <c>X-Api-Key</c>) and anonymous callers under <c>Auth:Mode=Open</c> are not bound.
/// </summary>
public static class AgentSessionBinding
{
    /// <summary>Null when the caller may publish this event; otherwise the refused field and why.</summary>
    public static AgentEventError? Check(ClaimsPrincipal? user, AgentEvent agentEvent)
    {
        var username = user is null ? null : AgentSessionClaims.UsernameOf(user);
        if (username is null)
        {
            return null;
        }

        if (AgentSessionClaims.KindOf(user!) != AgentSessionClaims.Kinds.Agent)
        {
            return new AgentEventError("$", "a supervisor (map) session cannot publish agent events");
        }

        if (!string.Equals(agentEvent.Username, username, StringComparison.OrdinalIgnoreCase))
        {
            return new AgentEventError("username", "does not match the session (a gadget publishes only for its own agent)");
        }

        var extension = AgentSessionClaims.ExtensionOf(user!);
        if (agentEvent.Extension is not null && !string.Equals(agentEvent.Extension, extension, StringComparison.Ordinal))
        {
            return new AgentEventError("extension", "does not match the session (sign in again to use another extension)");
        }

        return null;
    }
}
