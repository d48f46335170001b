using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Reads of recordings and their segments (the writes are the recording fact projection's).</summary>
public sealed class RecordingStore
{
    private const string SegmentColumns = """
        recording_id AS RecordingId, segment_index AS SegmentIndex, agent_extension AS AgentExtension, far_end_address AS FarEndAddress,
        start_ms AS StartMs, end_ms AS EndMs, audio_file AS AudioFile, audio_seconds AS AudioSeconds, available_ms AS AvailableMs,
        end_reason AS EndReason, flags AS Flags, quality AS Quality, codecs AS Codecs
        """;

    private readonly IDbConnectionFactory _connections;

    public RecordingStore(IDbConnectionFactory connections) => _connections = connections;

    public async Task<RecordingRow?> GetAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<RecordingRow>(new CommandDefinition(
            """
            SELECT recording_id AS RecordingId, source AS Source, agent_extension AS AgentExtension, far_end_address AS FarEndAddress,
                   refci AS Refci, x_session_id AS XSessionId, near_end_device AS NearEndDevice, start_ms AS StartMs, end_ms AS EndMs
            FROM recordings WHERE recording_id = @recordingId
            """,
            new { recordingId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Per extension, the span of its segments that started since <paramref name="sinceMs"/>.</summary>
    public async Task<IReadOnlyList<(string Extension, long FromMs, long ToMs)>> RecordedSpansAsync(long sinceMs, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<(string, long, long)>(new CommandDefinition(
            "SELECT agent_extension, MIN(start_ms), MAX(COALESCE(end_ms, start_ms + 43200000)) FROM recording_segments WHERE start_ms >= @sinceMs AND agent_extension IS NOT NULL GROUP BY agent_extension",
            new { sinceMs },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    public async Task<IReadOnlyList<SegmentRow>> SegmentsOfAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<SegmentRow>(new CommandDefinition(
            $"SELECT {SegmentColumns} FROM recording_segments WHERE recording_id = @recordingId ORDER BY segment_index",
            new { recordingId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}
