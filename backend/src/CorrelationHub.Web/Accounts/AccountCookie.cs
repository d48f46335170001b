using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// The sign-in cookie: HttpOnly, SameSite=Strict, Secure when the request came over HTTPS, a browser-session cookie
/// whose ticket expires after <see cref="AccessOptions.SessionIdleTimeout"/> without a request (renewed while in use)
/// and at the latest <see cref="AccessOptions.SessionMaxLifetime"/> after sign-in. Every request checks the session
/// row: a signed-out, revoked (password changed, account removed) or too old session is refused, and a changed
/// account (role, teams, name) rebuilds the claims at once. The API answers 401/403, never a redirect.
/// </summary>
public static class AccountCookie
{
    public const string SchemeName = "Account";
    public const string CookieName = "CorrelationHub.Session";

    public static AuthenticationBuilder AddAccountCookie(this AuthenticationBuilder builder)
    {
        builder.Services.AddOptions<CookieAuthenticationOptions>(SchemeName).Configure<IOptionsMonitor<AccessOptions>>((options, access) =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = access.CurrentValue.SessionIdleTimeout > TimeSpan.Zero ? access.CurrentValue.SessionIdleTimeout : TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
            options.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden),
                OnRedirectToLogout = context => Status(context, StatusCodes.Status204NoContent),
                OnRedirectToReturnUrl = context => Status(context, StatusCodes.Status204NoContent),
                OnValidatePrincipal = ValidateAsync,
            };
        });
        return builder.AddCookie(SchemeName);
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var sessionId = context.Principal?.FindFirst(AccountClaims.SessionId)?.Value;
        var found = sessionId is null ? null : await services.GetRequiredService<AccountStore>().SessionAsync(sessionId, context.HttpContext.RequestAborted).ConfigureAwait(false);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        var maxLifetime = services.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.SessionMaxLifetime;
        if (found is not { Account: { } account, Session: { EndedMs: null } session } || now - session.CreatedMs > (long)maxLifetime.TotalMilliseconds)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName).ConfigureAwait(false);
            return;
        }

        if (context.Principal!.FindFirst(AccountClaims.Version)?.Value != account.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            context.ReplacePrincipal(AccountClaims.Principal(account, session.SessionId));
            context.ShouldRenew = true;
        }
    }
}
