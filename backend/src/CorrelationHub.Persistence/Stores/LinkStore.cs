using CorrelationHub.Correlation.Model;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>The engine's current conclusions, one per segment, replaced whenever the engine re-runs.</summary>
public sealed class LinkStore
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public LinkStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    /// <summary>Stores the links; returns those that differ from what was stored.</summary>
    public async Task<IReadOnlyList<SegmentLink>> ReplaceAsync(IReadOnlyList<SegmentLink> links, long nowMs, CancellationToken cancellationToken = default)
    {
        if (links.Count == 0)
        {
            return [];
        }

        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = new List<SegmentLink>();
        foreach (var link in links)
        {
            var rows = await connection.ExecuteAsync(
                """
                INSERT INTO links (recording_id, segment_index, dialog_id, status, confidence, reason, updated_ms)
                VALUES (@RecordingId, @SegmentIndex, @DialogId, @Status, @Confidence, @Reason, @Now)
                ON CONFLICT (recording_id, segment_index) DO UPDATE SET
                  dialog_id = excluded.dialog_id, status = excluded.status, confidence = excluded.confidence,
                  reason = excluded.reason, updated_ms = excluded.updated_ms
                WHERE links.dialog_id IS DISTINCT FROM excluded.dialog_id OR links.status <> excluded.status
                   OR links.confidence <> excluded.confidence OR links.reason <> excluded.reason
                """,
                new { link.RecordingId, link.SegmentIndex, link.DialogId, link.Status, link.Confidence, link.Reason, Now = nowMs },
                transaction).ConfigureAwait(false);
            if (rows > 0)
            {
                changed.Add(link);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
