using System.Globalization;
using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Logging;

namespace CorrelationHub.Web.Ingest;

/// <summary>
/// The one path every gadget event takes, from the hub or the HTTP fallback: validate, store as received (the
/// acknowledgement means it is stored), apply to agent and dialog state, re-correlate, notify the map.
/// </summary>
public sealed class AgentEventProcessor
{
    private readonly FactStore _facts;
    private readonly AgentStore _agents;
    private readonly DialogStore _dialogs;
    private readonly CorrelationService _correlation;
    private readonly MapNotifier _map;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentEventProcessor> _logger;

    public AgentEventProcessor(FactStore facts, AgentStore agents, DialogStore dialogs, CorrelationService correlation, MapNotifier map, TimeProvider time, ILogger<AgentEventProcessor> logger)
    {
        _facts = facts;
        _agents = agents;
        _dialogs = dialogs;
        _correlation = correlation;
        _map = map;
        _time = time;
        _logger = logger;
    }

    /// <summary>Validates without storing: the error names the field.</summary>
    public (AgentEvent? Event, AgentEventError? Error) Read(JsonElement json)
    {
        var (agentEvent, error) = AgentEventReader.Read(json, () => Guid.NewGuid().ToString());
        if (error is not null)
        {
            WebLog.EventRefused(_logger, error.Field, error.Message);
        }

        return (agentEvent, error);
    }

    public async Task<AgentEventAck> ProcessAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        var received = _time.GetUtcNow();
        var receivedMs = received.ToUnixTimeMilliseconds();
        var isNew = await _facts.AppendAgentEventAsync(agentEvent, receivedMs, cancellationToken).ConfigureAwait(false);
        var serverTime = received.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (!isNew)
        {
            WebLog.DuplicateEvent(_logger, agentEvent.EventId);
            return new AgentEventAck(agentEvent.EventId, true, serverTime, Duplicate: true);
        }

        await _agents.ApplyAsync(agentEvent, receivedMs, cancellationToken).ConfigureAwait(false);
        if (agentEvent.Action == AgentActions.Dialog && agentEvent.Dialog is not null)
        {
            var extension = await _dialogs.ApplyAsync(agentEvent, receivedMs, cancellationToken).ConfigureAwait(false);
            if (extension is not null)
            {
                var start = agentEvent.Dialog.Participants.Select(p => p.StartTime ?? p.StateChangeTime).Where(t => t is not null).Min() ?? received;
                await _correlation.RecorrelateAsync(extension, Math.Min(start.ToUnixTimeMilliseconds(), receivedMs) - 3_600_000, receivedMs + 60_000, cancellationToken).ConfigureAwait(false);
            }
        }

        _map.AgentChanged(agentEvent.Username);
        return new AgentEventAck(agentEvent.EventId, true, serverTime);
    }
}
