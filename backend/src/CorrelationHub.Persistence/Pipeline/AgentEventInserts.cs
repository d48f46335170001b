using System.Globalization;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Persistence.Sql;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>The insert of a gadget event into <c>agent_events</c>, the append-only facts (docs/architecture.md, decision D2).</summary>
public static class AgentEventInserts
{
    private const string InsertFact = """
        INSERT INTO agent_events (event_id, username, action, extension, dialog_id, received_ms, event_ms, client_time_ms, client_drift_ms, payload)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>The newest fact id (after a batch of inserts by the only writer: the batch's last).</summary>
    private const string LastFactId = "SELECT MAX(id) FROM agent_events";

    /// <summary>Stores the fact; true when it is new, false when its eventId was stored before (not stored twice).</summary>
    public static async Task<bool> InsertAsync(CommandCache commands, AgentEvent e, DateTimeOffset received, DateTimeOffset eventTime, CancellationToken cancellationToken)
    {
        var rows = await commands.ExecuteAsync(
            InsertFact,
            cancellationToken,
            SqlArg.Text(e.EventId),
            SqlArg.Text(e.Username),
            SqlArg.Text(e.Action),
            SqlArg.Text(e.Extension),
            SqlArg.Text(e.Dialog?.Id),
            SqlArg.Long(received.ToUnixTimeMilliseconds()),
            SqlArg.Long(eventTime.ToUnixTimeMilliseconds()),
            SqlArg.Long(e.ClientTime?.ToUnixTimeMilliseconds()),
            SqlArg.Long(e.ClientDriftMs),
            SqlArg.Text(e.Json)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>The id of the newest stored fact.</summary>
    public static async Task<long> LastIdAsync(CommandCache commands, CancellationToken cancellationToken) =>
        Convert.ToInt64(await commands.ScalarAsync(LastFactId, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
}
