using System.Globalization;
using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Web.Ingest;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CorrelationHub.Web.Hubs;

/// <summary>
/// The gadget's hub (docs/contracts.md §3). <c>Register(hello)</c> is called after every (re)connect and checks that the
/// session speaks for that agent; <c>Publish(event)</c> returns an acknowledgement once the event is stored. A
/// collector's token binds it to one username and extension: events for anyone else are refused.
/// </summary>
[Authorize(Policy = AccessPolicies.Gadget)]
public sealed class AgentHub(AgentEventProcessor processor, TimeProvider time) : Hub
{
    /// <summary>Seconds between the gadget's heartbeats, returned by <see cref="Register"/>.</summary>
    public const int HeartbeatSeconds = 30;

    /// <summary>
    /// Stores one event and acknowledges it. The event arrives as raw JSON on purpose: <see cref="AgentEventReader"/>
    /// validates it so that an invalid one is answered with the offending field's name (docs/contracts.md §3), which a
    /// typed parameter's binding error would not say.
    /// </summary>
    public async Task<AgentEventAck> Publish(JsonElement agentEvent)
    {
        var (parsed, error) = processor.Read(agentEvent);
        if (error is not null)
        {
            // HubException messages reach the client verbatim; this one names the field.
            throw new HubException($"Invalid event: {error.Field}: {error.Message}");
        }

        var refused = AgentSessionBinding.Check(Context.User, parsed!);
        if (refused is not null)
        {
            throw new HubException($"Refused event: {refused.Field}: {refused.Message}");
        }

        return await processor.ProcessAsync(parsed!, Context.ConnectionAborted).ConfigureAwait(false);
    }

    /// <summary>The gadget introduces itself; answers the server time and heartbeat period.</summary>
    public GadgetWelcome Register(GadgetHello hello)
    {
        var username = hello?.Username;
        var extension = hello?.Extension;
        if (string.IsNullOrWhiteSpace(username))
        {
            throw new HubException("Invalid registration: username: is required");
        }

        var probe = new AgentEvent { EventId = Guid.Empty.ToString(), Action = AgentActions.Heartbeat, Username = username, Extension = extension, Json = "{}" };
        var refused = AgentSessionBinding.Check(Context.User, probe);
        if (refused is not null)
        {
            throw new HubException($"Refused registration: {refused.Field}: {refused.Message}");
        }

        Context.Items["username"] = username;
        return new GadgetWelcome(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), HeartbeatSeconds);
    }
}

/// <summary>The argument of <see cref="AgentHub.Register"/>: who the gadget speaks for, and its version.</summary>
public sealed record GadgetHello(string? Username, string? Extension, string? Version);

/// <summary>The answer to <see cref="AgentHub.Register"/>.</summary>
public sealed record GadgetWelcome(string ServerTime, int HeartbeatSeconds);
