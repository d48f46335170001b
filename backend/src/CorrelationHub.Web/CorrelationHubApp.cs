using CorrelationHub.Web.Accounts;
using CorrelationHub.Web.Endpoints;
using CorrelationHub.Web.Hosting;
using CorrelationHub.Web.Hubs;
using CorrelationHub.Web.Logging;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web;

/// <summary>Builds the host: used by <c>Program</c> and by the end-to-end tests, which start it on free ports.</summary>
public static class CorrelationHubApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddCorrelationHub(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        WarnAboutOpenModes(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<SignInRedirect>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var gadgetDirectory = Path.Combine(AppContext.BaseDirectory, "gadget");
        if (Directory.Exists(gadgetDirectory))
        {
            // no-cache: browsers revalidate (ETag), so an upgraded gadget reaches desktops without a cache purge.
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(gadgetDirectory),
                RequestPath = "/gadget",
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
        }

        app.UseCors();
        app.UseMiddleware<RequestForgeryGuard>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapAgentEventEndpoints();
        app.MapAgentSessionEndpoints();
        app.MapAgentEndpoints();
        app.MapCallEndpoints();
        app.MapRecordingEndpoints();
        app.MapDialogEndpoints();
        app.MapSipAdminEndpoints();
        app.MapMetricsEndpoints();
        app.MapAdminEndpoints();
        app.MapAuthEndpoints();
        app.MapAuditEndpoints();
        app.MapLegalHoldEndpoints();
        app.MapSettingsEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapHub<AgentHub>("/hubs/agent", o => o.CloseOnAuthenticationExpiration = true).RequireCors(FinesseCors.PolicyName);
        app.MapHub<MapHub>("/hubs/map", o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }

    private static void WarnAboutOpenModes(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CorrelationHub");
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.IsOpen)
        {
            WebLog.AuthOpen(logger);
        }

        if (app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.IsOpen)
        {
            WebLog.AccessOpen(logger);
        }
    }
}
