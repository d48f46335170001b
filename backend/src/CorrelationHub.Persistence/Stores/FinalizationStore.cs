using CorrelationHub.Persistence.Pipeline;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Finds what has been quiet long enough to finalise, and marks finished dialog legs final.</summary>
public sealed class FinalizationStore
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public FinalizationStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    /// <summary>Per extension, the span of ended segments quiet since <paramref name="cutoffMs"/> whose links are not final yet.</summary>
    public async Task<IReadOnlyList<CorrelationWindow>> QuietWindowsAsync(long cutoffMs, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Extension, long FromMs, long ToMs)>(new CommandDefinition(
            """
            SELECT s.agent_extension, MIN(s.start_ms), MAX(s.end_ms) FROM recording_segments s
            WHERE s.agent_extension IS NOT NULL AND s.end_ms IS NOT NULL AND s.last_fact_ms < @cutoffMs
              AND (NOT EXISTS (SELECT 1 FROM links l WHERE l.recording_id = s.recording_id AND l.segment_index = s.segment_index)
                   OR EXISTS (SELECT 1 FROM links l WHERE l.recording_id = s.recording_id AND l.segment_index = s.segment_index AND l.final = 0))
            GROUP BY s.agent_extension
            ORDER BY s.agent_extension
            """,
            new { cutoffMs },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new CorrelationWindow(r.Extension, r.FromMs, r.ToMs))];
    }

    /// <summary>Marks dialog legs that ended and have been quiet since the cut-off as final; returns how many.</summary>
    public async Task<int> FinalizeLegsAsync(long cutoffMs, long nowMs, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dialog_legs SET final_ms = @nowMs WHERE final_ms IS NULL AND last_seen_ms < @cutoffMs AND (end_ms IS NOT NULL OR removed_ms IS NOT NULL)",
            new { cutoffMs, nowMs },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
