using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Deletes what is older than the retention cut-off, except recordings on legal hold and the dialogs they are
/// linked to. Audio files go first and rows after, a batch at a time, so a failure leaves rows that point at no
/// file rather than files nobody can find; a recording whose file cannot be deleted keeps its rows (next pass).
/// </summary>
public sealed class RetentionStore
{
    private const int Batch = 500;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public RetentionStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    /// <param name="deleteAudio">Deletes one file (path relative to the recordings folder); false when it could not.</param>
    public async Task<RetentionResult> PurgeAsync(long cutoffMs, Func<string, bool> deleteAudio, CancellationToken cancellationToken = default)
    {
        var recordings = 0;
        var files = 0;
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var held = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM legal_holds h JOIN recordings r ON r.recording_id = h.recording_id WHERE COALESCE(r.end_ms, r.start_ms) < @cutoffMs",
            new { cutoffMs },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var batch = (await connection.QueryAsync<string>(new CommandDefinition(
                $"""
                SELECT r.recording_id FROM recordings r
                WHERE COALESCE(r.end_ms, r.start_ms) < @cutoffMs
                  AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.recording_id = r.recording_id)
                ORDER BY r.recording_id
                LIMIT {Batch + skipped.Count}
                """,
                new { cutoffMs },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).Where(id => !skipped.Contains(id)).ToList();
            if (batch.Count == 0)
            {
                break;
            }

            var deletable = new List<string>();
            foreach (var recordingId in batch)
            {
                var audio = await connection.QueryAsync<string>(new CommandDefinition(
                    "SELECT audio_file FROM recording_segments WHERE recording_id = @recordingId AND audio_file IS NOT NULL",
                    new { recordingId },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                var ok = true;
                foreach (var file in audio)
                {
                    if (deleteAudio(file))
                    {
                        files++;
                    }
                    else
                    {
                        ok = false;
                    }
                }

                if (ok)
                {
                    deletable.Add(recordingId);
                }
                else
                {
                    skipped.Add(recordingId);
                }
            }

            if (deletable.Count > 0)
            {
                using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (var table in new[] { "links", "segment_keys", "recording_segments", "recording_facts", "recordings" })
                {
                    await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE {_connections.Dialect.InList("recording_id", "@deletable")}", new { deletable }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                recordings += deletable.Count;
            }
        }

        var (dialogs, events) = await PurgeDialogsAndEventsAsync(connection, cutoffMs, cancellationToken).ConfigureAwait(false);
        return new RetentionResult(recordings, files, dialogs, events, (int)held);
    }

    private async Task<(int Dialogs, int Events)> PurgeDialogsAndEventsAsync(System.Data.Common.DbConnection connection, long cutoffMs, CancellationToken cancellationToken)
    {
        var dialogs = 0;
        var events = 0;
        while (true)
        {
            // A dialog any remaining recording still links to (a held one, or a newer one) stays.
            var batch = (await connection.QueryAsync<string>(new CommandDefinition(
                $"""
                SELECT d.dialog_id FROM dialogs d
                WHERE d.last_seen_ms < @cutoffMs AND NOT EXISTS (SELECT 1 FROM links l WHERE l.dialog_id = d.dialog_id)
                ORDER BY d.dialog_id
                LIMIT {Batch}
                """,
                new { cutoffMs },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            if (batch.Count == 0)
            {
                break;
            }

            using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var table in new[] { "dialog_participant_states", "dialog_keys", "dialog_legs", "cti_legs", "agent_events", "dialogs" })
            {
                var removed = await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE {_connections.Dialect.InList("dialog_id", "@batch")}", new { batch }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                events += table == "agent_events" ? removed : 0;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            dialogs += batch.Count;
        }

        using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            events += await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM agent_events WHERE event_ms < @cutoffMs AND (dialog_id IS NULL OR NOT EXISTS (SELECT 1 FROM dialogs d WHERE d.dialog_id = agent_events.dialog_id))",
                new { cutoffMs },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM agent_presence WHERE bucket_ms < @cutoffMs", new { cutoffMs }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM agent_states WHERE state_change_ms < @cutoffMs", new { cutoffMs }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM cti_legs WHERE imported_ms < @cutoffMs AND NOT EXISTS (SELECT 1 FROM links l WHERE l.dialog_id = cti_legs.dialog_id)",
                new { cutoffMs },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM dialog_keys WHERE source = 'cti' AND NOT EXISTS (SELECT 1 FROM cti_legs c WHERE c.dialog_id = dialog_keys.dialog_id)",
                transaction: transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return (dialogs, events);
    }
}
