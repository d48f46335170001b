using System.Security.Cryptography;
using System.Text;
using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Decides <c>POST /api/agent-session</c> by <c>Auth:Mode</c>: <c>Finesse</c> checks the agent's own Finesse credential
/// against <c>Finesse:Servers</c> and requires the User's <c>loginId</c> and <c>extension</c> to match;
/// <c>SharedSecret</c> checks the configured secret; <c>Open</c> trusts the request (local demo).
/// </summary>
public sealed class AgentSessionIssuer
{
    private readonly FinesseUserVerifier _verifier;
    private readonly AgentSessionTokens _tokens;
    private readonly IOptionsMonitor<AuthOptions> _auth;
    private readonly ILogger<AgentSessionIssuer> _logger;

    public AgentSessionIssuer(FinesseUserVerifier verifier, AgentSessionTokens tokens, IOptionsMonitor<AuthOptions> auth, ILogger<AgentSessionIssuer> logger)
    {
        _verifier = verifier;
        _tokens = tokens;
        _auth = auth;
        _logger = logger;
    }

    public async Task<AgentSessionOutcome> IssueAsync(AgentSessionRequest request, string? authorization, string? secret, CancellationToken cancellationToken)
    {
        var auth = _auth.CurrentValue;
        var outcome = auth.IsFinesse ? await ByFinesseAsync(request, authorization, cancellationToken).ConfigureAwait(false)
            : auth.IsSharedSecret ? BySharedSecret(request, auth, authorization, secret)
            : Issue(request, AuthModes.Open, request.IsMap ? ["Supervisor"] : ["Agent"], null, [], null);
        if (outcome.Issued)
        {
            SecurityLog.SessionIssued(_logger, request.Username, outcome.Session!.Kind, outcome.Session.AuthMode);
            SecurityLog.SessionDetail(_logger, request.Username, outcome.Session.Extension, outcome.Session.ExpiresAt);
        }
        else
        {
            SecurityLog.SessionRefused(_logger, request.Username, outcome.Reason ?? "refused");
        }

        return outcome;
    }

    private async Task<AgentSessionOutcome> ByFinesseAsync(AgentSessionRequest request, string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !(authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)))
        {
            return AgentSessionOutcome.Refused(401, "credential_missing", "Send the agent's Finesse Authorization header (finesse.utilities.Utilities.getAuthHeaderString).");
        }

        var verification = await _verifier.VerifyAsync(authorization, request.Username, cancellationToken).ConfigureAwait(false);
        switch (verification.Outcome)
        {
            case FinesseVerificationOutcome.NotConfigured:
                return AgentSessionOutcome.Refused(503, "finesse_not_configured", "CorrelationHub has no Finesse:Servers to check the agent against.");
            case FinesseVerificationOutcome.Unavailable:
                return AgentSessionOutcome.Refused(503, "finesse_unavailable", "No Finesse node answered the identity check; the gadget retries.");
            case FinesseVerificationOutcome.CredentialRefused:
                return AgentSessionOutcome.Refused(401, "credential_refused", "Finesse did not accept the agent's credential.");
            case FinesseVerificationOutcome.UnknownUser:
                return AgentSessionOutcome.Refused(403, "unknown_user", "Finesse has no such user.");
        }

        var user = verification.User!;
        if (!string.Equals(user.LoginId, request.Username, StringComparison.OrdinalIgnoreCase))
        {
            return AgentSessionOutcome.Refused(403, "identity_mismatch", "The Finesse credential belongs to another user.");
        }

        if (request.Extension is not null && !string.Equals(user.Extension, request.Extension, StringComparison.Ordinal))
        {
            return AgentSessionOutcome.Refused(403, "extension_mismatch", "Finesse says this agent is signed in on another extension.");
        }

        if (request.IsMap && !user.IsSupervisor)
        {
            return AgentSessionOutcome.Refused(403, "not_supervisor", "The map gadget is for Finesse supervisors.");
        }

        return Issue(request with { Extension = request.Extension ?? user.Extension }, AuthModes.Finesse, user.Roles, user.TeamId, [.. user.SupervisedTeams.Select(t => t.Id)], verification.Node);
    }

    private AgentSessionOutcome BySharedSecret(AgentSessionRequest request, AuthOptions auth, string? authorization, string? secret)
    {
        if (string.IsNullOrEmpty(auth.SharedSecret))
        {
            return AgentSessionOutcome.Refused(503, "shared_secret_not_configured", "Auth:SharedSecret is not set.");
        }

        var presented = secret ?? (authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? authorization["Bearer ".Length..].Trim() : null);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(auth.SharedSecret))))
        {
            return AgentSessionOutcome.Refused(401, "secret_refused", "The shared secret is missing or wrong (gadget preference sharedSecret).");
        }

        if (request.IsMap)
        {
            return AgentSessionOutcome.Refused(403, "not_supervisor", "Map sessions need Auth:Mode=Finesse, which knows the supervisor's teams.");
        }

        return Issue(request, AuthModes.SharedSecret, ["Agent"], null, [], null);
    }

    private AgentSessionOutcome Issue(AgentSessionRequest request, string mode, IReadOnlyList<string> roles, string? teamId, IReadOnlyList<string> supervisedTeams, string? node)
    {
        var kind = request.IsMap ? AgentSessionClaims.Kinds.Supervisor : AgentSessionClaims.Kinds.Agent;
        var (token, session) = _tokens.Issue(new AgentSession(request.Username, request.Extension, kind, mode, roles, teamId, supervisedTeams, node, default));
        return new AgentSessionOutcome(200, Token: token, Session: session);
    }
}
