using CorrelationHub.Correlation.Model;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Recordings and their segments, derived from recording facts.</summary>
public sealed class RecordingStore
{
    private const string SegmentColumns = """
        recording_id AS RecordingId, segment_index AS SegmentIndex, agent_extension AS AgentExtension, far_end_address AS FarEndAddress,
        start_ms AS StartMs, end_ms AS EndMs, audio_file AS AudioFile, audio_seconds AS AudioSeconds, end_reason AS EndReason, flags AS Flags, quality AS Quality
        """;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public RecordingStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    public async Task ApplyAsync(SegmentUpdate update, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO recordings (recording_id, source, agent_extension, far_end_address, refci, x_session_id, start_ms, end_ms)
            VALUES (@RecordingId, @Source, @AgentExtension, @FarEndAddress, @Refci, @XSessionId, @StartMs, @EndMs)
            ON CONFLICT (recording_id) DO UPDATE SET
              agent_extension = COALESCE(excluded.agent_extension, recordings.agent_extension),
              far_end_address = COALESCE(excluded.far_end_address, recordings.far_end_address),
              start_ms = CASE WHEN excluded.start_ms < recordings.start_ms THEN excluded.start_ms ELSE recordings.start_ms END,
              end_ms = CASE WHEN recordings.end_ms IS NULL OR (excluded.end_ms IS NOT NULL AND excluded.end_ms > recordings.end_ms) THEN COALESCE(excluded.end_ms, recordings.end_ms) ELSE recordings.end_ms END
            """,
            update,
            transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO recording_segments (recording_id, segment_index, agent_extension, far_end_address, start_ms, end_ms, audio_file, audio_seconds, end_reason, flags, quality)
            VALUES (@RecordingId, @SegmentIndex, @AgentExtension, @FarEndAddress, @StartMs, @EndMs, @AudioFile, @AudioSeconds, @EndReason, @Flags, @Quality)
            ON CONFLICT (recording_id, segment_index) DO UPDATE SET
              agent_extension = COALESCE(excluded.agent_extension, recording_segments.agent_extension),
              far_end_address = COALESCE(excluded.far_end_address, recording_segments.far_end_address),
              end_ms = COALESCE(excluded.end_ms, recording_segments.end_ms),
              audio_file = COALESCE(excluded.audio_file, recording_segments.audio_file),
              audio_seconds = COALESCE(excluded.audio_seconds, recording_segments.audio_seconds),
              end_reason = COALESCE(excluded.end_reason, recording_segments.end_reason),
              flags = COALESCE(excluded.flags, recording_segments.flags),
              quality = COALESCE(excluded.quality, recording_segments.quality)
            """,
            update,
            transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SegmentFacts>> SegmentsNearAsync(string extension, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SegmentRow>(
            $"SELECT {SegmentColumns} FROM recording_segments WHERE agent_extension = @extension AND start_ms <= @toMs AND (end_ms IS NULL OR end_ms >= @fromMs)",
            new { extension, fromMs, toMs }).ConfigureAwait(false);
        return [.. rows.Select(r => new SegmentFacts
        {
            RecordingId = r.RecordingId,
            SegmentIndex = r.SegmentIndex,
            AgentExtension = r.AgentExtension,
            FarEndAddress = r.FarEndAddress,
            Start = DateTimeOffset.FromUnixTimeMilliseconds(r.StartMs),
            End = r.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
        })];
    }

    public async Task<RecordingRow?> GetAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<RecordingRow>(
            """
            SELECT recording_id AS RecordingId, source AS Source, agent_extension AS AgentExtension, far_end_address AS FarEndAddress,
                   refci AS Refci, x_session_id AS XSessionId, start_ms AS StartMs, end_ms AS EndMs
            FROM recordings WHERE recording_id = @recordingId
            """,
            new { recordingId }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SegmentRow>> SegmentsOfAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<SegmentRow>($"SELECT {SegmentColumns} FROM recording_segments WHERE recording_id = @recordingId ORDER BY segment_index", new { recordingId }).ConfigureAwait(false)];
    }

    /// <summary>Segments on an extension still recording (no end yet).</summary>
    public async Task<IReadOnlyList<SegmentRow>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<SegmentRow>($"SELECT {SegmentColumns} FROM recording_segments WHERE end_ms IS NULL ORDER BY start_ms").ConfigureAwait(false)];
    }

    public async Task<IReadOnlyList<SegmentRow>> RecentForExtensionAsync(string extension, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<SegmentRow>($"SELECT {SegmentColumns} FROM recording_segments WHERE agent_extension = @extension ORDER BY start_ms DESC LIMIT @limit", new { extension, limit }).ConfigureAwait(false)];
    }
}
