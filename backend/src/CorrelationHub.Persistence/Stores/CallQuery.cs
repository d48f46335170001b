using System.Runtime.CompilerServices;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// The call records of the export (contracts §5): every segment with its link (or none), plus every dialog the agent
/// was connected on that no segment links to. Streamed row by row so exports run in constant memory.
/// </summary>
public sealed class CallQuery
{
    private const string Sql = """
        SELECT * FROM (
          SELECT d.dialog_id AS DialogId, d.username AS AgentUsername,
                 a.first_name AS FirstName, a.last_name AS LastName,
                 COALESCE(d.extension, s.agent_extension) AS Extension, d.call_type AS CallType,
                 d.from_address AS FromAddress, d.to_address AS ToAddress, d.start_ms AS DialogStartMs, d.end_ms AS DialogEndMs,
                 s.recording_id AS RecordingId, s.segment_index AS SegmentIndex, r.refci AS Refci, s.far_end_address AS FarEndAddress,
                 s.start_ms AS RecordingStartMs, s.end_ms AS RecordingEndMs, s.audio_seconds AS RecordingSeconds,
                 COALESCE(l.status, 'unmatched_recording') AS MatchStatus, COALESCE(l.confidence, 0) AS MatchConfidence,
                 COALESCE(l.reason, 'not correlated yet') AS MatchReason, s.flags AS Flags,
                 s.start_ms AS SortMs
          FROM recording_segments s
          JOIN recordings r ON r.recording_id = s.recording_id
          LEFT JOIN links l ON l.recording_id = s.recording_id AND l.segment_index = s.segment_index
          LEFT JOIN dialogs d ON d.dialog_id = l.dialog_id AND l.status IN ('matched', 'ambiguous')
          LEFT JOIN agents a ON a.username = d.username
          UNION ALL
          SELECT d.dialog_id, d.username, a.first_name, a.last_name, d.extension, d.call_type, d.from_address, d.to_address,
                 d.start_ms, d.end_ms, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 'no_recording', 0, 'no recording segment linked to this dialog', NULL,
                 d.start_ms
          FROM dialogs d
          LEFT JOIN agents a ON a.username = d.username
          WHERE d.start_ms IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM links l WHERE l.dialog_id = d.dialog_id AND l.status IN ('matched', 'ambiguous'))
        ) calls
        WHERE (@FromMs IS NULL OR SortMs >= @FromMs)
          AND (@ToMs IS NULL OR SortMs < @ToMs)
          AND (@Extension IS NULL OR Extension = @Extension)
          AND (@Username IS NULL OR AgentUsername = @Username)
          AND (@Status IS NULL OR MatchStatus = @Status)
        ORDER BY SortMs, RecordingId, SegmentIndex, DialogId
        """;

    private readonly IDbConnectionFactory _connections;

    public CallQuery(IDbConnectionFactory connections) => _connections = connections;

    public async IAsyncEnumerable<CallRecord> StreamAsync(CallFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = filter.Limit is { } limit ? Sql + $" LIMIT {Math.Max(1, limit)}" : Sql;
        var rows = connection.QueryUnbufferedAsync<Row>(sql, new { filter.FromMs, filter.ToMs, filter.Extension, filter.Username, filter.Status });
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new CallRecord
            {
                DialogId = row.DialogId,
                AgentUsername = row.AgentUsername,
                AgentName = string.Join(' ', new[] { row.FirstName, row.LastName }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } name ? name : null,
                Extension = row.Extension,
                CallType = row.CallType,
                FromAddress = row.FromAddress,
                ToAddress = row.ToAddress,
                DialogStartMs = row.DialogStartMs,
                DialogEndMs = row.DialogEndMs,
                RecordingId = row.RecordingId,
                SegmentIndex = row.SegmentIndex is { } index ? (int)index : null,
                Refci = row.Refci,
                FarEndAddress = row.FarEndAddress,
                RecordingStartMs = row.RecordingStartMs,
                RecordingEndMs = row.RecordingEndMs,
                RecordingSeconds = row.RecordingSeconds,
                MatchStatus = row.MatchStatus,
                MatchConfidence = row.MatchConfidence,
                MatchReason = row.MatchReason,
                Flags = row.Flags,
            };
        }
    }

    private sealed class Row
    {
        public string? DialogId { get; set; }

        public string? AgentUsername { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public string? Extension { get; set; }

        public string? CallType { get; set; }

        public string? FromAddress { get; set; }

        public string? ToAddress { get; set; }

        public long? DialogStartMs { get; set; }

        public long? DialogEndMs { get; set; }

        public string? RecordingId { get; set; }

        public long? SegmentIndex { get; set; }

        public string? Refci { get; set; }

        public string? FarEndAddress { get; set; }

        public long? RecordingStartMs { get; set; }

        public long? RecordingEndMs { get; set; }

        public double? RecordingSeconds { get; set; }

        public string? MatchStatus { get; set; }

        public double MatchConfidence { get; set; }

        public string? MatchReason { get; set; }

        public string? Flags { get; set; }

        public long? SortMs { get; set; }
    }
}
