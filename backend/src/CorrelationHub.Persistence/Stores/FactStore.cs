using CorrelationHub.Correlation.Events;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Append-only storage of facts as received (architecture decision 2).</summary>
public sealed class FactStore
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public FactStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    /// <summary>Stores a gadget event; false when its eventId was stored before (a replay, acknowledged but not applied twice).</summary>
    public async Task<bool> AppendAgentEventAsync(AgentEvent agentEvent, long receivedMs, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(
            """
            INSERT INTO agent_events (event_id, username, action, extension, received_ms, client_time_ms, client_drift_ms, payload)
            VALUES (@EventId, @Username, @Action, @Extension, @ReceivedMs, @ClientTimeMs, @ClientDriftMs, @Payload)
            ON CONFLICT (event_id) DO NOTHING
            """,
            new
            {
                agentEvent.EventId,
                agentEvent.Username,
                agentEvent.Action,
                agentEvent.Extension,
                ReceivedMs = receivedMs,
                ClientTimeMs = agentEvent.ClientTime?.ToUnixTimeMilliseconds(),
                agentEvent.ClientDriftMs,
                Payload = agentEvent.Json,
            }).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task AppendRecordingFactAsync(string recordingId, int segmentIndex, string kind, long receivedMs, string json, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO recording_facts (recording_id, segment_index, kind, received_ms, payload) VALUES (@recordingId, @segmentIndex, @kind, @receivedMs, @json)",
            new { recordingId, segmentIndex, kind, receivedMs, json }).ConfigureAwait(false);
    }
}
