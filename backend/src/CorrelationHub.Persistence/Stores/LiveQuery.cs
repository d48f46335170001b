using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Reads for the live map: recent segments of an extension with their best link.</summary>
public sealed class LiveQuery
{
    private readonly IDbConnectionFactory _connections;

    public LiveQuery(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>Segments still open, or started after <paramref name="sinceMs"/>, newest first.</summary>
    public async Task<IReadOnlyList<LinkedSegmentRow>> SegmentsForExtensionAsync(string extension, long sinceMs, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<LinkedSegmentRow>(new CommandDefinition(
            """
            SELECT s.recording_id AS RecordingId, s.segment_index AS SegmentIndex, s.agent_extension AS AgentExtension,
                   s.far_end_address AS FarEndAddress, s.start_ms AS StartMs, s.end_ms AS EndMs, s.audio_seconds AS AudioSeconds,
                   s.flags AS Flags, l.dialog_id AS DialogId, COALESCE(l.status, 'unmatched_recording') AS Status,
                   l.confidence AS Confidence, l.reason AS Reason, l.username AS Username
            FROM recording_segments s
            LEFT JOIN links l ON l.recording_id = s.recording_id AND l.segment_index = s.segment_index AND l.rank = 0
            WHERE s.agent_extension = @extension AND (s.end_ms IS NULL OR s.start_ms >= @sinceMs)
            ORDER BY s.start_ms DESC
            LIMIT @limit
            """,
            new { extension, sinceMs, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}
