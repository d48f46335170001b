using System.Data.Common;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Dialogs derived from snapshots. Participant states are stored once per (participant, state, Finesse time), so
/// replayed or reordered snapshots add nothing; the agent's connected intervals are recomputed from them.
/// </summary>
public sealed class DialogStore
{
    private const string Columns = """
        dialog_id AS DialogId, username AS Username, extension AS Extension, call_type AS CallType, from_address AS FromAddress,
        to_address AS ToAddress, far_end AS FarEnd, state AS State, start_ms AS StartMs, end_ms AS EndMs, removed AS Removed
        """;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public DialogStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    /// <summary>Applies one dialog event; returns the dialog's agent extension.</summary>
    public async Task<string?> ApplyAsync(AgentEvent e, long receivedMs, CancellationToken cancellationToken = default)
    {
        var dialog = e.Dialog!;
        var extension = e.Extension ?? dialog.Participants.FirstOrDefault(p => p.MediaAddressType == "AGENT_DEVICE")?.MediaAddress;
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var participant in dialog.Participants)
        {
            if (participant.MediaAddress is null || participant.State is null)
            {
                continue;
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO dialog_participant_states (dialog_id, media_address, state, state_change_ms, received_ms)
                VALUES (@DialogId, @MediaAddress, @State, @At, @ReceivedMs)
                ON CONFLICT (dialog_id, media_address, state, state_change_ms) DO NOTHING
                """,
                new { DialogId = dialog.Id, participant.MediaAddress, participant.State, At = (participant.StateChangeTime ?? participant.StartTime)?.ToUnixTimeMilliseconds() ?? receivedMs, ReceivedMs = receivedMs },
                transaction).ConfigureAwait(false);
        }

        var connected = extension is null ? [] : await ConnectedAsync(connection, transaction, dialog.Id, extension).ConfigureAwait(false);
        var removed = e.Change == "removed";
        long? startMs = connected.Count > 0 ? connected[0].Start.ToUnixTimeMilliseconds() : null;
        long? endMs = connected.Count > 0 && connected[^1].End is { } end ? end.ToUnixTimeMilliseconds() : (removed && startMs is not null ? receivedMs : null);
        await connection.ExecuteAsync(
            """
            INSERT INTO dialogs (dialog_id, username, extension, call_type, from_address, to_address, far_end, state, start_ms, end_ms, removed, first_seen_ms, last_seen_ms, snapshot)
            VALUES (@DialogId, @Username, @Extension, @CallType, @FromAddress, @ToAddress, @FarEnd, @State, @StartMs, @EndMs, @Removed, @At, @At, @Snapshot)
            ON CONFLICT (dialog_id) DO UPDATE SET
              username = excluded.username,
              extension = COALESCE(excluded.extension, dialogs.extension),
              call_type = COALESCE(excluded.call_type, dialogs.call_type),
              from_address = COALESCE(excluded.from_address, dialogs.from_address),
              to_address = COALESCE(excluded.to_address, dialogs.to_address),
              far_end = COALESCE(excluded.far_end, dialogs.far_end),
              state = CASE WHEN dialogs.removed = 1 THEN dialogs.state ELSE COALESCE(excluded.state, dialogs.state) END,
              start_ms = excluded.start_ms,
              end_ms = CASE WHEN excluded.end_ms IS NOT NULL THEN excluded.end_ms WHEN dialogs.removed = 1 THEN dialogs.end_ms ELSE NULL END,
              removed = CASE WHEN dialogs.removed = 1 OR excluded.removed = 1 THEN 1 ELSE 0 END,
              last_seen_ms = excluded.last_seen_ms,
              snapshot = excluded.snapshot
            """,
            new
            {
                DialogId = dialog.Id,
                e.Username,
                Extension = extension,
                dialog.CallType,
                dialog.FromAddress,
                dialog.ToAddress,
                FarEnd = extension is null ? null : DialogTimeline.FarEndNumber(dialog, extension),
                dialog.State,
                StartMs = startMs,
                EndMs = endMs,
                Removed = removed ? 1 : 0,
                At = receivedMs,
                Snapshot = e.Json,
            },
            transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return extension;
    }

    /// <summary>Dialogs on an extension whose agent time comes near [from, to].</summary>
    public async Task<IReadOnlyList<DialogCandidate>> CandidatesAsync(string extension, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<DialogRow>(
            $"SELECT {Columns} FROM dialogs WHERE extension = @extension AND start_ms IS NOT NULL AND start_ms <= @toMs AND (end_ms IS NULL OR end_ms >= @fromMs)",
            new { extension, fromMs, toMs }).ConfigureAwait(false)).ToList();
        var result = new List<DialogCandidate>(rows.Count);
        foreach (var row in rows)
        {
            var connected = await ConnectedAsync(connection, null, row.DialogId, extension).ConfigureAwait(false);
            if (row.Removed && row.EndMs is { } end && connected.Count > 0 && connected[^1].End is null)
            {
                connected[^1] = connected[^1] with { End = DateTimeOffset.FromUnixTimeMilliseconds(end) };
            }

            result.Add(new DialogCandidate
            {
                DialogId = row.DialogId,
                Username = row.Username,
                Extension = extension,
                CallType = row.CallType,
                FarEndNumber = row.FarEnd,
                Connected = connected,
            });
        }

        return result;
    }

    public async Task<IReadOnlyList<DialogRow>> OpenForUserAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<DialogRow>($"SELECT {Columns} FROM dialogs WHERE username = @username AND removed = 0 ORDER BY first_seen_ms", new { username }).ConfigureAwait(false)).ToList();
    }

    private static async Task<List<TimeRange>> ConnectedAsync(DbConnection connection, DbTransaction? transaction, string dialogId, string extension)
    {
        var observations = await connection.QueryAsync<(string State, long At)>(
            "SELECT state, state_change_ms FROM dialog_participant_states WHERE dialog_id = @dialogId AND media_address = @extension",
            new { dialogId, extension },
            transaction).ConfigureAwait(false);
        return [.. DialogTimeline.Connected(observations.Select(o => new DialogTimeline.Observation(o.State, DateTimeOffset.FromUnixTimeMilliseconds(o.At))))];
    }
}
