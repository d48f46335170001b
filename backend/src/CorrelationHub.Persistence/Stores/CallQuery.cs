using System.Runtime.CompilerServices;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Sql;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// The call records of the export (docs/contracts.md §5), streamed row by row in constant memory: every segment with each
/// of its links (one when matched or unmatched; one per candidate when ambiguous, so no candidate dialog is
/// reported as unrecorded; one per dialog when it spans a consult chain), merged in time order with every voice
/// dialog leg that no link names (<c>no_recording</c>). Two ordered index scans merged here, no big sort. Rows are
/// read column by column by name (<see cref="CallRowReader"/>), whatever type each value has in its row: SQLite
/// types values, not columns (a segment no link names yet gives an integer 0 where a link gives a real).
/// </summary>
public sealed class CallQuery
{
    private readonly IDbConnectionFactory _connections;

    public CallQuery(IDbConnectionFactory connections) => _connections = connections;

    public async IAsyncEnumerable<CallRecord> StreamAsync(CallFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (filter.TeamIds is { Length: 0 })
        {
            yield break;
        }

        var wantSegments = filter.Status is null or MatchStatus.Matched or MatchStatus.Ambiguous or MatchStatus.UnmatchedRecording;
        var wantDialogs = filter.Status is null or MatchStatus.NoRecording && filter.RecordingId is null;
        var limit = filter.Limit ?? int.MaxValue;
        await using var segmentConnection = wantSegments ? await _connections.OpenAsync(cancellationToken).ConfigureAwait(false) : null;
        await using var dialogConnection = wantDialogs ? await _connections.OpenAsync(cancellationToken).ConfigureAwait(false) : null;
        var dialect = _connections.Dialect;
        var segments = segmentConnection is null ? null : Segments(segmentConnection, dialect, filter, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var dialogs = dialogConnection is null ? null : Dialogs(dialogConnection, dialect, filter, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasSegment = segments is not null && await segments.MoveNextAsync().ConfigureAwait(false);
            var hasDialog = dialogs is not null && await dialogs.MoveNextAsync().ConfigureAwait(false);
            var count = 0;
            while ((hasSegment || hasDialog) && count < limit)
            {
                if (hasSegment && (!hasDialog || segments!.Current.SortMs <= dialogs!.Current.SortMs))
                {
                    yield return segments!.Current;
                    hasSegment = await segments.MoveNextAsync().ConfigureAwait(false);
                }
                else
                {
                    yield return dialogs!.Current;
                    hasDialog = await dialogs.MoveNextAsync().ConfigureAwait(false);
                }

                count++;
            }
        }
        finally
        {
            if (segments is not null)
            {
                await segments.DisposeAsync().ConfigureAwait(false);
            }

            if (dialogs is not null)
            {
                await dialogs.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The earliest and latest row time there is (segment starts and agent connect times, whatever the filter), or
    /// null when there are no rows: the bounds an export can be cut into time slices within.
    /// </summary>
    public async Task<(long FromMs, long ToMs)?> RowTimeBoundsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var bounds = await connection.QuerySingleAsync<(long? SegmentsFrom, long? SegmentsTo, long? LegsFrom, long? LegsTo)>(new CommandDefinition(
            """
            SELECT (SELECT MIN(start_ms) FROM recording_segments), (SELECT MAX(start_ms) FROM recording_segments),
                   (SELECT MIN(start_ms) FROM dialog_legs), (SELECT MAX(start_ms) FROM dialog_legs)
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        long?[] froms = [bounds.SegmentsFrom, bounds.LegsFrom];
        long?[] tos = [bounds.SegmentsTo, bounds.LegsTo];
        return froms.Min() is { } from && tos.Max() is { } to ? (from, to) : null;
    }

    private static async IAsyncEnumerable<CallRecord> Segments(System.Data.Common.DbConnection connection, SqlDialect dialect, CallFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (filter.FromMs is not null)
        {
            where.Add("s.start_ms >= @FromMs");
        }

        if (filter.ToMs is not null)
        {
            where.Add("s.start_ms < @ToMs");
        }

        if (filter.Extension is not null)
        {
            where.Add("s.agent_extension = @Extension");
        }

        if (filter.Username is not null)
        {
            where.Add("l.username = @Username");
        }

        if (filter.Status is not null)
        {
            where.Add("COALESCE(l.status, 'unmatched_recording') = @Status");
        }

        if (filter.DialogId is not null)
        {
            where.Add("l.dialog_id = @DialogId");
        }

        if (filter.RecordingId is not null)
        {
            where.Add("s.recording_id = @RecordingId");
        }

        if (filter.TeamIds is not null)
        {
            where.Add(dialect.InList(TeamAtTime.Id("l.username", "s.start_ms"), "@TeamIds"));
        }

        if (filter.NumberPattern is not null)
        {
            where.Add("(s.far_end_address LIKE @NumberPattern OR d.from_address LIKE @NumberPattern OR d.to_address LIKE @NumberPattern)");
        }

        var sql = $"""
            SELECT s.start_ms AS SortMs, l.dialog_id AS DialogId, l.username AS AgentUsername, a.first_name AS FirstName, a.last_name AS LastName,
                   COALESCE(l.extension, s.agent_extension) AS Extension, COALESCE(dl.call_type, d.call_type) AS CallType, d.from_address AS FromAddress, d.to_address AS ToAddress,
                   dl.start_ms AS DialogStartMs, dl.end_ms AS DialogEndMs, s.recording_id AS RecordingId, s.segment_index AS SegmentIndex,
                   r.refci AS Refci, s.far_end_address AS FarEndAddress, s.start_ms AS RecordingStartMs, s.end_ms AS RecordingEndMs,
                   s.audio_seconds AS RecordingSeconds, COALESCE(l.status, 'unmatched_recording') AS MatchStatus,
                   COALESCE(l.confidence, 0.0) AS MatchConfidence, COALESCE(l.reason, 'not correlated yet') AS MatchReason, s.flags AS Flags,
                   COALESCE(l.final, 0) AS Final, a.team_name AS TeamName, d.queue_name AS QueueName, d.call_key AS CallKey, d.call_variables AS CallVariables, l.rank AS LinkRank, s.codecs AS Codecs
            FROM recording_segments s
            JOIN recordings r ON r.recording_id = s.recording_id
            LEFT JOIN links l ON l.recording_id = s.recording_id AND l.segment_index = s.segment_index
            LEFT JOIN dialogs d ON d.dialog_id = l.dialog_id
            LEFT JOIN dialog_legs dl ON dl.dialog_id = l.dialog_id AND dl.extension = l.extension
            LEFT JOIN agents a ON a.username = l.username
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)}
            ORDER BY s.start_ms, s.recording_id, s.segment_index, l.rank
            """;
        await foreach (var record in ReadAsync(connection, sql, filter, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    private static async IAsyncEnumerable<CallRecord> Dialogs(System.Data.Common.DbConnection connection, SqlDialect dialect, CallFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var where = new List<string> { "dl.start_ms IS NOT NULL", "(d.media_type IS NULL OR d.media_type = 'Voice')" };
        if (filter.FromMs is not null)
        {
            where.Add("dl.start_ms >= @FromMs");
        }

        if (filter.ToMs is not null)
        {
            where.Add("dl.start_ms < @ToMs");
        }

        if (filter.Extension is not null)
        {
            where.Add("dl.extension = @Extension");
        }

        if (filter.Username is not null)
        {
            where.Add("dl.username = @Username");
        }

        if (filter.DialogId is not null)
        {
            where.Add("dl.dialog_id = @DialogId");
        }

        if (filter.TeamIds is not null)
        {
            where.Add(dialect.InList(TeamAtTime.Id("dl.username", "dl.start_ms"), "@TeamIds"));
        }

        if (filter.NumberPattern is not null)
        {
            where.Add("(d.from_address LIKE @NumberPattern OR d.to_address LIKE @NumberPattern)");
        }

        var sql = $"""
            SELECT dl.start_ms AS SortMs, dl.dialog_id AS DialogId, dl.username AS AgentUsername, a.first_name AS FirstName, a.last_name AS LastName,
                   dl.extension AS Extension, COALESCE(dl.call_type, d.call_type) AS CallType, d.from_address AS FromAddress, d.to_address AS ToAddress,
                   dl.start_ms AS DialogStartMs, dl.end_ms AS DialogEndMs,
                   CASE WHEN dl.final_ms IS NULL THEN 0 ELSE 1 END AS Final, a.team_name AS TeamName, d.queue_name AS QueueName, d.call_key AS CallKey, d.call_variables AS CallVariables
            FROM dialog_legs dl
            JOIN dialogs d ON d.dialog_id = dl.dialog_id
            LEFT JOIN agents a ON a.username = dl.username
            WHERE {string.Join(" AND ", where)}
              AND NOT EXISTS (SELECT 1 FROM links l WHERE l.dialog_id = dl.dialog_id AND l.extension = dl.extension)
            ORDER BY dl.start_ms, dl.dialog_id, dl.extension
            """;
        await foreach (var record in ReadAsync(connection, sql, filter, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    private static async IAsyncEnumerable<CallRecord> ReadAsync(System.Data.Common.DbConnection connection, string sql, CallFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, filter, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = new CallRowReader(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return rows.Read();
        }
    }
}
