using System.Text.Json;
using CorrelationHub.Correlation.Events;
using Dapper;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// At start, applies the gadget events stored but not applied before the last stop (a crash between the stages):
/// every fact after the watermark, in id order, in chunks.
/// </summary>
internal static class AgentEventRecovery
{
    /// <summary>Returns how many events were applied again.</summary>
    public static async Task<int> RecoverAsync(IDbConnectionFactory connections, Func<List<StoredEvent>, long, Task> apply)
    {
        await using var connection = await connections.OpenAsync().ConfigureAwait(false);
        var from = await connection.ExecuteScalarAsync<long?>("SELECT value FROM pipeline_state WHERE name = @Watermark", new { Watermark = AgentEventApplier.Watermark }).ConfigureAwait(false) ?? 0;
        var recovered = 0;
        while (true)
        {
            var rows = (await connection.QueryAsync<(long Id, string EventId, long ReceivedMs, long EventMs, string Payload)>(
                "SELECT id, event_id, received_ms, event_ms, payload FROM agent_events WHERE id > @from ORDER BY id LIMIT 2000",
                new { from }).ConfigureAwait(false)).ToList();
            if (rows.Count == 0)
            {
                break;
            }

            var batch = new List<StoredEvent>(rows.Count);
            foreach (var row in rows)
            {
                using var document = JsonDocument.Parse(row.Payload);
                if (AgentEventReader.Read(document.RootElement, () => row.EventId).Event is { } agentEvent)
                {
                    batch.Add(new StoredEvent(row.Id, agentEvent with { EventId = row.EventId }, DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedMs), DateTimeOffset.FromUnixTimeMilliseconds(row.EventMs)));
                }
            }

            await apply(batch, rows[^1].Id).ConfigureAwait(false);
            recovered += batch.Count;
            from = rows[^1].Id;
        }

        return recovered;
    }
}
