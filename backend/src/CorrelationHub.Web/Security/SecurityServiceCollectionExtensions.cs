using CorrelationHub.Web.Accounts;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Endpoints;
using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace CorrelationHub.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Authentication schemes (API key for machines, session tokens for gadgets, the sign-in cookie for accounts), the
    /// policies (readers, admin, gadgets, sessions), accounts and sign-in, the audit log, Finesse identity checks,
    /// session tokens and CORS for the Finesse origins.
    /// </summary>
    public static IServiceCollection AddCorrelationHubSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var access = configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>()
            .Validate(o => o.IsFinesse || o.IsSharedSecret || o.IsOpen, "Auth:Mode must be Finesse, SharedSecret or Open")
            .Validate(o => !o.IsSharedSecret || !string.IsNullOrEmpty(o.SharedSecret), "Auth:Mode=SharedSecret needs Auth:SharedSecret")
            .ValidateOnStart();
        services.AddOptions<AccessOptions>()
            .Validate(o => o.IsOpen || o.Mode.Equals("Accounts", StringComparison.OrdinalIgnoreCase), "Access:Mode must be Accounts or Open")
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero && o.SessionMaxLifetime >= o.SessionIdleTimeout, "Access:SessionIdleTimeout must be positive and Access:SessionMaxLifetime at least as long")
            .Validate(o => o.LockoutThreshold >= 1 && o.LockoutDuration > TimeSpan.Zero, "Access:LockoutThreshold must be at least 1 and Access:LockoutDuration positive")
            .Validate(o => o.PlaybackAuditWindow >= TimeSpan.Zero, "Access:PlaybackAuditWindow must not be negative")
            .ValidateOnStart();
        services.Configure<FinesseOptions>(configuration.GetSection(FinesseOptions.Section));

        var protection = services.AddDataProtection().SetApplicationName("CorrelationHub");
        if (!string.IsNullOrWhiteSpace(auth.KeysDirectory))
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(auth.KeysDirectory)));
        }

        services.AddSingleton<AgentSessionTokens>();
        services.AddSingleton<FinesseVerificationCache>();
        services.AddSingleton<FinesseUserVerifier>();
        services.AddSingleton<AgentSessionIssuer>();
        services.AddHostedService<FinesseConfigurationCheck>();
        services.AddHttpClient(FinesseUserVerifier.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Never follow a redirect with an agent's credential, never share Finesse's session cookie between agents.
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();
        services.AddFinesseCors(configuration);

        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountSignIn>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PlaybackAudit>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AgentSessionAuthenticationHandler>(AgentSessionAuthenticationHandler.SchemeName, null)
            .AddAccountCookie();
        string[] readerSchemes = [ApiKeyAuthenticationHandler.SchemeName, AccountCookie.SchemeName, AgentSessionAuthenticationHandler.SchemeName];
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Reader, policy =>
                // Every scheme runs even when Open, so the endpoints know who is reading (team scope, audit).
                policy.AddAuthenticationSchemes(readerSchemes).RequireAssertion(context => access.IsOpen || Readers.IsReader(context.User)))
            .AddPolicy(AdminPolicy.Name, policy =>
                policy.AddAuthenticationSchemes(readerSchemes).RequireAssertion(context => access.IsOpen || Readers.IsAdministrator(context.User)))
            .AddPolicy(AccessPolicies.Identify, policy => policy.AddAuthenticationSchemes(readerSchemes).RequireAssertion(_ => true))
            .AddPolicy(AccessPolicies.Gadget, policy =>
            {
                // Both schemes run even when Open, so a token that is presented still binds its events.
                policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, AgentSessionAuthenticationHandler.SchemeName);
                if (auth.IsOpen)
                {
                    policy.RequireAssertion(_ => true);
                }
                else
                {
                    policy.RequireAssertion(context =>
                        context.User.HasClaim(AgentSessionClaims.Kind, AgentSessionClaims.Kinds.Agent) || context.User.IsInRole("machine"));
                }
            })
            .AddPolicy(AccessPolicies.Session, policy =>
                policy.AddAuthenticationSchemes(AgentSessionAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }
}
