using System.Text.Json;
using CorrelationHub.Web.Ingest;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CorrelationHub.Web.Hubs;

/// <summary>The gadget's hub (contracts §3): <c>Publish(event)</c> returns an acknowledgement once the event is stored.</summary>
[Authorize(Policy = AccessPolicies.Gadget)]
public sealed class AgentHub(AgentEventProcessor processor) : Hub
{
    public async Task<AgentEventAck> Publish(JsonElement agentEvent)
    {
        var (parsed, error) = processor.Read(agentEvent);
        if (error is not null)
        {
            // HubException messages reach the client verbatim; this one names the field.
            throw new HubException($"Invalid event: {error.Field}: {error.Message}");
        }

        return await processor.ProcessAsync(parsed!, Context.ConnectionAborted).ConfigureAwait(false);
    }
}
