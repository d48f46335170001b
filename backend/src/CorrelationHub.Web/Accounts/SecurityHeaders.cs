using CorrelationHub.Web.Options;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// Response headers for embedding and content safety. Every response: <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: same-origin</c>, and <c>Content-Security-Policy: frame-ancestors 'self' &lt;Finesse origins&gt;</c>
/// (the origins of <c>Finesse:Servers</c> and <c>Finesse:AllowedOrigins</c>), so the map page loads inside the Finesse
/// desktop's gadget iframe and nowhere else (CSP Level 2 §7.7.3; no <c>X-Frame-Options</c>, which cannot name other
/// origins). The sign-in page also gets a strict policy of its own (same-origin scripts, styles and requests only).
/// </summary>
public sealed class SecurityHeaders
{
    private readonly RequestDelegate _next;
    private readonly string _frameAncestors;
    private readonly string _signInPolicy;

    public SecurityHeaders(RequestDelegate next, IConfiguration configuration)
    {
        _next = next;
        var finesse = configuration.GetSection(FinesseOptions.Section).Get<FinesseOptions>() ?? new FinesseOptions();
        _frameAncestors = string.Join(' ', new[] { "frame-ancestors 'self'" }.Concat(finesse.CorsOrigins()));
        _signInPolicy = $"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; {_frameAncestors}";
    }

    public Task InvokeAsync(HttpContext context)
    {
        var signInPage = context.Request.Path.Equals("/signin.html", StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = signInPage ? _signInPolicy : _frameAncestors;
            return Task.CompletedTask;
        });
        return _next(context);
    }
}
