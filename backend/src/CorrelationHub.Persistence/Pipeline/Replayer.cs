using System.Data.Common;
using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Recordings;
using CorrelationHub.Persistence.Sql;
using Dapper;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Applies stored facts again to derived state (the projections are idempotent, so this only repairs): for a
/// <c>recorrelate --replay</c> after a projection fix, or after an event whose projection failed was kept as a fact.
/// </summary>
public sealed class Replayer
{
    private const int Batch = 500;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly CorrelationOptions _options;

    public Replayer(IDbConnectionFactory connections, WriteGate gate, IOptions<CorrelationOptions> options)
    {
        _connections = connections;
        _gate = gate;
        _options = options.Value;
    }

    /// <summary>
    /// Re-applies the facts about [from, to) — gadget events by their event time, recording facts by when they
    /// happened, with an hour's margin either side for calls that cross the edges — and returns how many.
    /// </summary>
    public async Task<(int AgentEvents, int RecordingFacts)> ReplayAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var projector = new AgentEventProjector(_options);
        var fromMs = from.AddHours(-1).ToUnixTimeMilliseconds();
        var toMs = to.AddHours(1).ToUnixTimeMilliseconds();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var events = await ReplayTableAsync<(long Id, string EventId, long ReceivedMs, string Payload)>(
            connection,
            "SELECT id, event_id, received_ms, payload FROM agent_events WHERE event_ms >= @fromMs AND event_ms < @toMs AND id > @after",
            fromMs,
            toMs,
            row => row.Id,
            async (commands, row) =>
            {
                using var document = JsonDocument.Parse(row.Payload);
                if (AgentEventReader.Read(document.RootElement, () => row.EventId).Event is not { } agentEvent)
                {
                    return false;
                }

                var received = DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedMs);
                await projector.ProjectAsync(commands, agentEvent with { EventId = row.EventId }, received, EventClock.Of(agentEvent, received), cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        var facts = await ReplayTableAsync<(long Id, long ReceivedMs, string Payload)>(
            connection,
            "SELECT id, received_ms, payload FROM recording_facts WHERE occurred_ms >= @fromMs AND occurred_ms < @toMs AND id > @after",
            fromMs,
            toMs,
            row => row.Id,
            async (commands, row) =>
            {
                using var document = JsonDocument.Parse(row.Payload);
                if (RecordingFactReader.Read(document.RootElement, _options.NumberPlan).Fact is not { } fact)
                {
                    return false;
                }

                await RecordingFactProjector.ProjectAsync(commands, fact, DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedMs), cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return (events, facts);
    }

    /// <summary>Reads a fact table's rows of the window in id order, a batch at a time, and applies each batch in one transaction.</summary>
    private async Task<int> ReplayTableAsync<TRow>(DbConnection connection, string select, long fromMs, long toMs, Func<TRow, long> idOf, Func<CommandCache, TRow, Task<bool>> apply, CancellationToken cancellationToken)
    {
        var applied = 0;
        long after = 0;
        while (true)
        {
            var rows = (await connection.QueryAsync<TRow>(new CommandDefinition(
                $"{select} ORDER BY id LIMIT {Batch}",
                new { fromMs, toMs, after },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            if (rows.Count == 0)
            {
                return applied;
            }

            using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                using var commands = new CommandCache(connection) { Transaction = transaction };
                foreach (var row in rows)
                {
                    applied += await apply(commands, row).ConfigureAwait(false) ? 1 : 0;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            after = idOf(rows[^1]);
        }
    }
}
