using System.Globalization;
using System.Text.Json;
using CorrelationHub.Web.Accounts;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// <c>POST /api/auth/sign-in</c> <c>{ "username", "password" }</c> → 204 and the session cookie, 401 (one answer for an
/// unknown username and a wrong password), 429 with Retry-After when throttled; <c>POST /api/auth/sign-out</c> → 204;
/// <c>GET /api/auth/me</c> → who the request reads as, or 401. Sign-in and sign-out need
/// <c>X-CorrelationHub-Request: 1</c> (see <see cref="RequestForgeryGuard"/>).
/// </summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous().DisableAntiforgery().Accepts<SignInRequest>("application/json");
        group.MapPost("/sign-out", SignOutAsync).AllowAnonymous().DisableAntiforgery();
        group.MapGet("/me", Me).RequireAuthorization(AccessPolicies.Identify);
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(HttpContext context, AccountSignIn signIn, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!(context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return Invalid("$", "the body must be JSON (Content-Type: application/json): { \"username\": \"...\", \"password\": \"...\" }", StatusCodes.Status415UnsupportedMediaType);
        }

        string? username;
        string? password;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid("$", "must be a JSON object");
            }

            username = Text(body.RootElement, "username");
            password = Text(body.RootElement, "password");
        }
        catch (JsonException)
        {
            return Invalid("$", "the body is not JSON");
        }

        if (string.IsNullOrWhiteSpace(username))
        {
            return Invalid("username", "is required");
        }

        if (string.IsNullOrEmpty(password))
        {
            return Invalid("password", "is required");
        }

        if (username.Length > 256 || password.Length > AccountRules.MaximumPasswordLength)
        {
            return Invalid(username.Length > 256 ? "username" : "password", "is too long");
        }

        var outcome = await signIn.SignInAsync(context, username, password, cancellationToken).ConfigureAwait(false);
        if (outcome.SignedIn)
        {
            return TypedResults.NoContent();
        }

        if (outcome.RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Too many failed sign-ins", detail: $"Sign-in is refused for {seconds} s after repeated failures.", statusCode: StatusCodes.Status429TooManyRequests, extensions: new Dictionary<string, object?> { ["reason"] = "throttled", ["retryAfterSeconds"] = seconds });
        }

        return TypedResults.Problem(title: "Sign-in refused", detail: "Unknown username or wrong password.", statusCode: StatusCodes.Status401Unauthorized, extensions: new Dictionary<string, object?> { ["reason"] = "invalid_credentials" });
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, AccountSignIn signIn, CancellationToken cancellationToken)
    {
        await signIn.SignOutAsync(context, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Results<Ok<ReaderView>, ProblemHttpResult> Me(HttpContext context, IOptions<AccessOptions> access, IOptions<AuthOptions> auth)
    {
        var open = access.Value.IsOpen;
        var identity = Readers.Primary(context.User);
        if (identity is null && !open)
        {
            var authenticated = context.User.Identities.Any(i => i.IsAuthenticated);
            return TypedResults.Problem(
                title: authenticated ? "Not a reader" : "Not signed in",
                detail: authenticated ? "This credential may not read the map, the API or audio (a collector token?)." : "Sign in, or open the map from the Finesse map gadget.",
                statusCode: authenticated ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized);
        }

        context.Response.Headers.CacheControl = "no-store";
        var scope = TeamScope.For(context.User, open);
        var via = identity is null ? Readers.ViaOpen : Readers.ViaOf(identity)!;
        return TypedResults.Ok(new ReaderView(
            identity?.Name,
            identity?.FindFirst(AccountClaims.DisplayName)?.Value,
            via switch
            {
                Readers.ViaAccount => identity!.FindAll(identity.RoleClaimType).Select(c => c.Value).ToArray(),
                Readers.ViaFinesse => [TeamScope.SupervisorRole],
                Readers.ViaApiKey => [TeamScope.MachineRole],
                _ => Array.Empty<string>(),
            },
            scope.TeamIds.Order(StringComparer.Ordinal).ToArray(),
            scope.All,
            via,
            open || Readers.IsAdministrator(context.User),
            access.Value.Mode,
            auth.Value.Mode,
            open || auth.Value.IsOpen));
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ProblemHttpResult Invalid(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(title: "Invalid sign-in request", detail: $"{field}: {message}", statusCode: status, extensions: new Dictionary<string, object?> { ["field"] = field });
}

/// <summary>The body of <c>POST /api/auth/sign-in</c>.</summary>
public sealed record SignInRequest(string Username, string Password);

/// <summary>The answer of <c>GET /api/auth/me</c>: who the request reads as and what it may see.</summary>
public sealed record ReaderView(
    string? Username,
    string? DisplayName,
    string[] Roles,
    string[] Teams,
    bool AllTeams,
    string Via,
    bool Administrator,
    string AccessMode,
    string AuthMode,
    bool OpenWarning);
