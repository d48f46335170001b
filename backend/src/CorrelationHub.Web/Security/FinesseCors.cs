using CorrelationHub.Web.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// CORS for the gadget endpoints (<c>/api/agent-session</c>, <c>/api/agent-events</c>, <c>/hubs/agent</c>): only the
/// Finesse nodes' origins (the gadget iframe is served by the node the desktop runs on) and
/// <c>Finesse:AllowedOrigins</c>. Finesse's own <c>utils finesse cors</c> governs calls to Finesse, not to us.
/// Credentials are not allowed: gadgets authenticate with a bearer token, never a cookie.
/// </summary>
public static class FinesseCors
{
    public const string PolicyName = "finesse-gadgets";

    public static IServiceCollection AddFinesseCors(this IServiceCollection services, IConfiguration configuration)
    {
        var finesse = configuration.GetSection(FinesseOptions.Section).Get<FinesseOptions>() ?? new FinesseOptions();
        var origins = finesse.CorsOrigins();
        services.AddCors(options => options.AddPolicy(PolicyName, policy =>
        {
            policy.WithOrigins([.. origins])
                .WithMethods("GET", "POST")
                .WithHeaders("Authorization", "Content-Type", "X-CorrelationHub-Secret", "X-Requested-With", "X-SignalR-User-Agent")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
        return services;
    }
}
