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

    /// <summary>The gadget introduces itself (<c>{ username, extension, version }</c>); answers the server time and heartbeat period.</summary>
    public GadgetWelcome Register(JsonElement hello)
    {
        var username = hello.ValueKind == JsonValueKind.Object && hello.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var extension = hello.ValueKind == JsonValueKind.Object && hello.TryGetProperty("extension", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
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

/// <summary>The answer to <see cref="AgentHub.Register"/>.</summary>
public sealed record GadgetWelcome(string ServerTime, int HeartbeatSeconds);
