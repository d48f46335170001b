using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace CorrelationHub.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Authentication schemes (API key for machines, session tokens for gadgets), the policies (readers, gadgets,
    /// sessions), Finesse identity checks, session tokens and CORS for the Finesse origins.
    /// </summary>
    public static IServiceCollection AddCorrelationHubSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var access = configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>()
            .Validate(o => o.IsFinesse || o.IsSharedSecret || o.IsOpen, "Auth:Mode must be Finesse, SharedSecret or Open")
            .Validate(o => !o.IsSharedSecret || !string.IsNullOrEmpty(o.SharedSecret), "Auth:Mode=SharedSecret needs Auth:SharedSecret")
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

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AgentSessionAuthenticationHandler>(AgentSessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Reader, policy =>
            {
                if (access.IsOpen)
                {
                    policy.RequireAssertion(_ => true);
                }
                else
                {
                    // Machine clients (API key) and the map gadget's supervisor session (what it may see is limited
                    // to its teams by TeamScope); a collector's agent session may not read.
                    policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, AgentSessionAuthenticationHandler.SchemeName)
                        .RequireAuthenticatedUser()
                        .RequireAssertion(context => context.User.IsInRole(TeamScope.MachineRole) || context.User.HasClaim(AgentSessionClaims.Kind, AgentSessionClaims.Kinds.Supervisor));
                }
            })
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
