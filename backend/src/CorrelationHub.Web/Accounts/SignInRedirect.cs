using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// Under <c>Access:Mode=Accounts</c>, a browser that opens the map (<c>/</c>, <c>/index.html</c>) in a tab without being
/// signed in is sent to <c>/signin.html?returnUrl=…</c> before the page loads. Only top-level navigations
/// (<c>Sec-Fetch-Dest: document</c>) are redirected: the map gadget loads the page in an iframe with its token in the
/// URL fragment, which the server never sees, and the page itself sends signed-out visitors to sign-in too.
/// </summary>
public sealed class SignInRedirect
{
    private readonly RequestDelegate _next;
    private readonly IOptions<AccessOptions> _access;

    public SignInRedirect(RequestDelegate next, IOptions<AccessOptions> access)
    {
        _next = next;
        _access = access;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_access.Value.IsOpen && HttpMethods.IsGet(request.Method) && (request.Path == "/" || request.Path.Equals("/index.html", StringComparison.OrdinalIgnoreCase))
            && request.Headers["Sec-Fetch-Dest"].ToString() == "document"
            && !(await context.AuthenticateAsync(AccountCookie.SchemeName).ConfigureAwait(false)).Succeeded)
        {
            var returnUrl = request.Path + request.QueryString;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect($"{request.PathBase}/signin.html?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return;
        }

        await _next(context).ConfigureAwait(false);
    }
}
