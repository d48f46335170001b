using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// The <c>admin</c> policy for actions that change stored conclusions (re-correlation, CTI import, legal holds).
/// Until accounts define an admin role it is the reader policy (API key or signed-in user); a policy of the same
/// name registered elsewhere takes precedence.
/// </summary>
public static class AdminPolicy
{
    public const string Name = "admin";

    public static IServiceCollection AddAdminPolicy(this IServiceCollection services) =>
        services.PostConfigure<AuthorizationOptions>(options =>
        {
            if (options.GetPolicy(Name) is null && options.GetPolicy(AccessPolicies.Reader) is { } reader)
            {
                options.AddPolicy(Name, reader);
            }
        });
}
