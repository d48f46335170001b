using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.Web.Ingest;

namespace CorrelationHub.Web.Endpoints;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (listeners bound, counters).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (SipListenerEndpoints sip, SipCounters counters, RecordingFactConsumer facts) =>
        {
            var ready = sip.Ready.IsCompletedSuccessfully;
            var body = new
            {
                status = ready ? "ready" : "starting",
                sip = new { udp = sip.Udp?.ToString(), tcp = sip.Tcp?.ToString(), tls = sip.Tls?.ToString() },
                counters = counters.Snapshot(),
                recordingFactsApplied = facts.Applied,
            };
            return ready ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
