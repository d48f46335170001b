using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Legal holds on recordings: retention never deletes a held recording or the dialogs it is linked to.</summary>
public sealed class LegalHoldStore
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public LegalHoldStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    /// <summary>Places (or updates) a hold; false when there is no such recording.</summary>
    public async Task<bool> PlaceAsync(string recordingId, string reason, string? actor, long nowMs, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM recordings WHERE recording_id = @recordingId", new { recordingId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO legal_holds (recording_id, reason, placed_by, placed_ms) VALUES (@recordingId, @reason, @actor, @nowMs)
            ON CONFLICT (recording_id) DO UPDATE SET reason = excluded.reason, placed_by = excluded.placed_by, placed_ms = excluded.placed_ms
            """,
            new { recordingId, reason, actor, nowMs },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await Log(connection, transaction, recordingId, "placed", reason, actor, nowMs, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Releases a hold; false when there was none.</summary>
    public async Task<bool> ReleaseAsync(string recordingId, string? reason, string? actor, long nowMs, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var removed = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM legal_holds WHERE recording_id = @recordingId", new { recordingId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (removed > 0)
        {
            await Log(connection, transaction, recordingId, "released", reason, actor, nowMs, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed > 0;
    }

    public async Task<LegalHold?> GetAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<LegalHold>(new CommandDefinition(
            "SELECT recording_id AS RecordingId, reason AS Reason, placed_by AS PlacedBy, placed_ms AS PlacedMs FROM legal_holds WHERE recording_id = @recordingId",
            new { recordingId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LegalHold>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<LegalHold>(new CommandDefinition(
            "SELECT recording_id AS RecordingId, reason AS Reason, placed_by AS PlacedBy, placed_ms AS PlacedMs FROM legal_holds ORDER BY placed_ms, recording_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    private static Task<int> Log(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string recordingId, string action, string? reason, string? actor, long nowMs, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO legal_hold_log (recording_id, action, reason, actor, at_ms) VALUES (@recordingId, @action, @reason, @actor, @nowMs)",
            new { recordingId, action, reason, actor, nowMs },
            transaction,
            cancellationToken: cancellationToken));
}
