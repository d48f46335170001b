using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// Cross-site request forgery defence for the sign-in cookie (on top of SameSite=Strict): an unsafe request
/// (POST, PUT, PATCH, DELETE) that carries the cookie, and every sign-in and sign-out, must send
/// <c>X-CorrelationHub-Request: 1</c>. A cross-site page cannot add a custom header without a CORS preflight, which
/// this server never grants for its own origin (OWASP CSRF Prevention Cheat Sheet, "custom request headers").
/// SignalR cannot add it to its negotiate and transport requests, so on <c>/hubs/*</c> a request with the cookie must
/// instead come from this server's own origin (its <c>Origin</c> header, always sent on WebSocket handshakes and
/// POSTs, names this host) — which also stops cross-site WebSocket hijacking.
/// </summary>
public sealed class RequestForgeryGuard
{
    public const string HeaderName = "X-CorrelationHub-Request";

    private readonly RequestDelegate _next;
    private readonly ILogger<RequestForgeryGuard> _logger;

    public RequestForgeryGuard(RequestDelegate next, ILogger<RequestForgeryGuard> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var refusal = Check(context.Request);
        if (refusal is null)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        AccountLog.ForgeryRefused(_logger, context.Request.Method, context.Request.Path, refusal);
        await Results.Problem(title: "Request refused", detail: refusal, statusCode: StatusCodes.Status403Forbidden, extensions: new Dictionary<string, object?> { ["reason"] = "csrf" })
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    private static string? Check(HttpRequest request)
    {
        var hasCookie = request.Cookies.ContainsKey(AccountCookie.CookieName);
        if (request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            var changes = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
            var upgrade = request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
            return hasCookie && (changes || upgrade) && request.Headers.Origin.Count > 0 && !SameOrigin(request)
                ? "a hub request with the sign-in cookie must come from this server's own pages (Origin)"
                : null;
        }

        var unsafeMethod = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);
        var authRequest = request.Path.StartsWithSegments("/api/auth/sign-in", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/api/auth/sign-out", StringComparison.OrdinalIgnoreCase);
        if (!unsafeMethod || !(hasCookie || authRequest))
        {
            return null;
        }

        return request.Headers[HeaderName].ToString() == "1" ? null : $"send the header {HeaderName}: 1 with this request (it carries the sign-in cookie or signs in or out)";
    }

    private static bool SameOrigin(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
