using CorrelationHub.Web.Options;
using Microsoft.AspNetCore.Authentication;

namespace CorrelationHub.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Authentication schemes and the two policies: readers (map, API, audio) and gadgets (agent events).</summary>
    public static IServiceCollection AddCorrelationHubSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var access = configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Reader, policy =>
            {
                if (access.IsOpen)
                {
                    policy.RequireAssertion(_ => true);
                }
                else
                {
                    policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
                }
            })
            .AddPolicy(AccessPolicies.Gadget, policy =>
            {
                if (auth.IsOpen)
                {
                    policy.RequireAssertion(_ => true);
                }
                else
                {
                    // Agent session tokens (Auth:Mode=Finesse or SharedSecret) are issued by POST /api/agent-session.
                    policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
                }
            });
        return services;
    }
}
