using System.Security.Cryptography;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// Signs an account in (throttle, constant-time verification, a session row, the cookie) and out, and writes both to
/// the audit log. An unknown username and a wrong password take the same path and the same time, and answer alike.
/// </summary>
public sealed class AccountSignIn
{
    private readonly AccountStore _accounts;
    private readonly PasswordHashing _hashing;
    private readonly SignInThrottle _throttle;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<AccessOptions> _access;
    private readonly ILogger<AccountSignIn> _logger;

    public AccountSignIn(AccountStore accounts, PasswordHashing hashing, SignInThrottle throttle, AuditLog audit, TimeProvider time, IOptionsMonitor<AccessOptions> access, ILogger<AccountSignIn> logger)
    {
        _accounts = accounts;
        _hashing = hashing;
        _throttle = throttle;
        _audit = audit;
        _time = time;
        _access = access;
        _logger = logger;
    }

    public async Task<SignInOutcome> SignInAsync(HttpContext context, string username, string password, CancellationToken cancellationToken)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        var name = AccountStore.Normalize(username);
        // Only names of existing accounts reach the log: an unknown "username" may be a password typed in the wrong field.
        var account = AccountRules.Username(name) is null ? await _accounts.GetAsync(name, cancellationToken).ConfigureAwait(false) : null;
        if (_throttle.Blocked(name, address) is { } wait)
        {
            AccountLog.SignInThrottled(_logger, account?.Username ?? "(unknown)");
            await _audit.WriteAsAsync(context, AuditActions.SignIn, account?.Username, account?.Username, Via, AuditOutcomes.Throttled, new { retryAfterSeconds = Seconds(wait) }, cancellationToken).ConfigureAwait(false);
            return SignInOutcome.Throttled(wait);
        }

        var (matches, rehash) = (false, false);
        if (account is null)
        {
            _hashing.VerifyDecoy(password);
        }
        else
        {
            (matches, rehash) = _hashing.Verify(account.PasswordHash, password);
        }

        if (!matches)
        {
            var locked = _throttle.Failed(name, address);
            AccountLog.SignInRefused(_logger, account?.Username ?? "(unknown)");
            await _audit.WriteAsAsync(context, AuditActions.SignIn, account?.Username, account?.Username, Via, AuditOutcomes.Failure, new { reason = account is null ? "unknown-account" : "wrong-password", lockedForSeconds = locked is { } l ? Seconds(l) : (int?)null }, cancellationToken).ConfigureAwait(false);
            return SignInOutcome.Refused;
        }

        _throttle.Succeeded(name);
        if (rehash)
        {
            await _accounts.RehashAsync(account!.Username, account.PasswordHash, _hashing.Hash(password), cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        if ((await context.AuthenticateAsync(AccountCookie.SchemeName).ConfigureAwait(false)).Principal?.FindFirst(AccountClaims.SessionId)?.Value is { } previous)
        {
            // Signing in again (perhaps as someone else) ends the browser's previous session, never leaves it usable.
            await _accounts.EndSessionAsync(previous, "replaced", now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }

        var sessionId = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await _accounts.StartSessionAsync(sessionId, account!.Username, now.ToUnixTimeMilliseconds(), (now - (2 * _access.CurrentValue.SessionMaxLifetime)).ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        await context.SignInAsync(AccountCookie.SchemeName, AccountClaims.Principal(account, sessionId), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true }).ConfigureAwait(false);
        AccountLog.SignedIn(_logger, account.Username, account.Role);
        await _audit.WriteAsAsync(context, AuditActions.SignIn, account.Username, account.Username, Via, AuditOutcomes.Success, new { role = account.Role, teams = account.Teams }, cancellationToken).ConfigureAwait(false);
        return SignInOutcome.Success;
    }

    /// <summary>Ends the cookie's session (the cookie alone is no longer accepted either) and removes the cookie.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var result = await context.AuthenticateAsync(AccountCookie.SchemeName).ConfigureAwait(false);
        if (result.Principal?.FindFirst(AccountClaims.SessionId)?.Value is { } sessionId)
        {
            await _accounts.EndSessionAsync(sessionId, "signed-out", _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            var username = result.Principal.Identity?.Name;
            await _audit.WriteAsAsync(context, AuditActions.SignOut, username, username, Via, AuditOutcomes.Success, null, cancellationToken).ConfigureAwait(false);
        }

        await context.SignOutAsync(AccountCookie.SchemeName).ConfigureAwait(false);
    }

    private const string Via = Security.Readers.ViaAccount;

    private static int Seconds(TimeSpan wait) => (int)Math.Ceiling(wait.TotalSeconds);
}
