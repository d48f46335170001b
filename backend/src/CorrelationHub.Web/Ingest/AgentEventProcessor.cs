using System.Globalization;
using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Logging;

namespace CorrelationHub.Web.Ingest;

/// <summary>
/// The one path every gadget event takes, from the hub or the HTTP fallback: validate, then store and apply in the
/// writer's next batch (group commit). The acknowledgement is sent once the event is committed, so it means
/// "stored". Re-correlation of touched dialogs follows asynchronously (<see cref="CorrelationWorker"/>).
/// </summary>
public sealed class AgentEventProcessor
{
    private readonly AgentEventWriter _writer;
    private readonly MapNotifier _map;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentEventProcessor> _logger;

    public AgentEventProcessor(AgentEventWriter writer, MapNotifier map, TimeProvider time, ILogger<AgentEventProcessor> logger)
    {
        _writer = writer;
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
        var isNew = await _writer.SubmitAsync(agentEvent, received, cancellationToken).ConfigureAwait(false);
        var serverTime = received.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (!isNew)
        {
            WebLog.DuplicateEvent(_logger, agentEvent.EventId);
            return new AgentEventAck(agentEvent.EventId, true, serverTime, Duplicate: true);
        }

        _map.AgentChanged(agentEvent.Username, received);
        return new AgentEventAck(agentEvent.EventId, true, serverTime);
    }
}
