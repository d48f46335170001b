using System.Data.Common;
using System.Text.Json;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Reads for the live map in a few set-based queries (never one per agent): signed-in agents, the dialogs still in
/// their lists, and the recording segments on their extensions with best link, team, ambiguous candidates and live
/// media alarms. Used for a reader's snapshot (everything) and for each coalesced delta (the agents, extensions and
/// recordings that changed).
/// </summary>
public sealed class LiveMapQuery
{
    /// <summary>List parameters are sent in chunks of this size (SQLite's variable limit, PostgreSQL array size).</summary>
    private const int Chunk = 900;

    private const string AgentColumns = AgentStore.Columns;

    private const string SegmentSelect = """
        SELECT s.recording_id AS RecordingId, s.segment_index AS SegmentIndex, s.agent_extension AS AgentExtension,
               s.far_end_address AS FarEndAddress, s.start_ms AS StartMs, s.end_ms AS EndMs, s.audio_seconds AS AudioSeconds,
               CASE WHEN s.audio_file IS NULL THEN 0 ELSE 1 END AS HasAudio, s.flags AS Flags, l.dialog_id AS DialogId,
               COALESCE(l.status, 'unmatched_recording') AS Status, l.confidence AS Confidence, l.username AS Username,
               COALESCE(la.team_id, (SELECT MAX(ea.team_id) FROM agents ea WHERE ea.extension = s.agent_extension AND ea.logged_in = 1)) AS TeamId,
               COALESCE(la.team_name, (SELECT MAX(ea.team_name) FROM agents ea WHERE ea.extension = s.agent_extension AND ea.logged_in = 1)) AS TeamName
        """;

    private const string SegmentJoins = """
        LEFT JOIN links l ON l.recording_id = s.recording_id AND l.segment_index = s.segment_index AND l.rank = 0
        LEFT JOIN agents la ON la.username = l.username
        """;

    private readonly IDbConnectionFactory _connections;

    public LiveMapQuery(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>Every agent shown as signed in.</summary>
    public async Task<IReadOnlyList<AgentRow>> SignedInAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<AgentRow>(new CommandDefinition($"SELECT {AgentColumns} FROM agents WHERE logged_in = 1 ORDER BY username", cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>These agents whatever their state (a signed-out one leaves the map), and the agents signed in on these extensions.</summary>
    public async Task<IReadOnlyList<AgentRow>> AgentsAsync(IReadOnlyCollection<string> usernames, IReadOnlyCollection<string> extensions, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, AgentRow>(StringComparer.Ordinal);
        foreach (var chunk in usernames.Chunk(Chunk))
        {
            foreach (var row in await connection.QueryAsync<AgentRow>(new CommandDefinition($"SELECT {AgentColumns} FROM agents WHERE {_connections.Dialect.InList("username", "@chunk")}", new { chunk }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                rows[row.Username] = row;
            }
        }

        foreach (var chunk in extensions.Chunk(Chunk))
        {
            foreach (var row in await connection.QueryAsync<AgentRow>(new CommandDefinition($"SELECT {AgentColumns} FROM agents WHERE logged_in = 1 AND {_connections.Dialect.InList("extension", "@chunk")}", new { chunk }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                rows[row.Username] = row;
            }
        }

        return [.. rows.Values.OrderBy(r => r.Username, StringComparer.Ordinal)];
    }

    /// <summary>The dialogs not yet removed from these agents' lists, oldest first, with the agent participant's latest state.</summary>
    public async Task<IReadOnlyList<LiveDialogRow>> OpenDialogsAsync(IReadOnlyCollection<string> usernames, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<LiveDialogRow>();
        foreach (var chunk in usernames.Chunk(Chunk))
        {
            result.AddRange(await connection.QueryAsync<LiveDialogRow>(new CommandDefinition(
                $"""
                SELECT l.dialog_id AS DialogId, l.username AS Username, l.extension AS Extension, COALESCE(l.call_type, d.call_type) AS CallType,
                       d.from_address AS FromAddress, d.to_address AS ToAddress, d.state AS State,
                       (SELECT p.state FROM dialog_participant_states p
                         WHERE p.dialog_id = l.dialog_id AND p.media_address = COALESCE(l.agent_address, l.extension)
                         ORDER BY p.state_change_ms DESC, p.received_ms DESC LIMIT 1) AS AgentState,
                       l.start_ms AS StartMs, l.first_seen_ms AS FirstSeenMs, l.last_seen_ms AS LastSeenMs
                FROM dialog_legs l JOIN dialogs d ON d.dialog_id = l.dialog_id
                WHERE l.removed_ms IS NULL AND {_connections.Dialect.InList("l.username", "@chunk")}
                """,
                new { chunk },
                cancellationToken: cancellationToken)).ConfigureAwait(false));
        }

        return [.. result.OrderBy(d => d.Username, StringComparer.Ordinal).ThenBy(d => d.FirstSeenMs).ThenBy(d => d.DialogId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Segments that started since <paramref name="sinceMs"/>, or are still open and started since
    /// <paramref name="openSinceMs"/>, on these extensions (null: on any extension, or none); every segment of these
    /// recordings; and every segment linked (any rank) to these dialogs. Newest first.
    /// </summary>
    public async Task<IReadOnlyList<LiveSegmentRow>> SegmentsAsync(
        IReadOnlyCollection<string>? extensions,
        IReadOnlyCollection<string> recordingIds,
        IReadOnlyCollection<string> dialogIds,
        long sinceMs,
        long openSinceMs,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialect = _connections.Dialect;
        var rows = new Dictionary<string, LiveSegmentRow>(StringComparer.Ordinal);
        async Task AddAsync(string sql, object parameters)
        {
            foreach (var row in await connection.QueryAsync<LiveSegmentRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                rows[row.Key] = row;
            }
        }

        const string Recent = "s.start_ms >= @openSinceMs AND (s.start_ms >= @sinceMs OR s.end_ms IS NULL)";
        if (extensions is null)
        {
            await AddAsync($"{SegmentSelect} FROM recording_segments s {SegmentJoins} WHERE {Recent}", new { sinceMs, openSinceMs }).ConfigureAwait(false);
        }
        else
        {
            foreach (var chunk in extensions.Chunk(Chunk))
            {
                await AddAsync($"{SegmentSelect} FROM recording_segments s {SegmentJoins} WHERE {dialect.InList("s.agent_extension", "@chunk")} AND {Recent}", new { chunk, sinceMs, openSinceMs }).ConfigureAwait(false);
            }
        }

        foreach (var chunk in recordingIds.Chunk(Chunk))
        {
            await AddAsync($"{SegmentSelect} FROM recording_segments s {SegmentJoins} WHERE {dialect.InList("s.recording_id", "@chunk")}", new { chunk }).ConfigureAwait(false);
        }

        foreach (var chunk in dialogIds.Chunk(Chunk))
        {
            await AddAsync(
                $"""
                {SegmentSelect} FROM recording_segments s {SegmentJoins}
                WHERE EXISTS (SELECT 1 FROM links k WHERE k.recording_id = s.recording_id AND k.segment_index = s.segment_index AND {dialect.InList("k.dialog_id", "@chunk")})
                """,
                new { chunk }).ConfigureAwait(false);
        }

        var candidates = await CandidatesAsync(connection, [.. rows.Values.Where(r => r.Status == "ambiguous").Select(r => r.RecordingId).Distinct()], cancellationToken).ConfigureAwait(false);
        var alarms = await LiveAlarmsAsync(connection, [.. rows.Values.Where(r => r.EndMs is null).Select(r => r.RecordingId).Distinct()], cancellationToken).ConfigureAwait(false);
        return [.. rows.Values
            .Select(r => r with
            {
                Candidates = candidates.TryGetValue(r.Key, out var c) ? c : [],
                LiveFlags = r.EndMs is null && alarms.TryGetValue(r.Key, out var a) ? a : null,
            })
            .OrderByDescending(r => r.StartMs)
            .ThenBy(r => r.RecordingId, StringComparer.Ordinal)
            .ThenBy(r => r.SegmentIndex)];
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> CandidatesAsync(DbConnection connection, IReadOnlyList<string> recordingIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var chunk in recordingIds.Chunk(Chunk))
        {
            var rows = await connection.QueryAsync<(string RecordingId, long SegmentIndex, string? DialogId)>(new CommandDefinition(
                $"SELECT recording_id, segment_index, dialog_id FROM links WHERE status = 'ambiguous' AND {_connections.Dialect.InList("recording_id", "@chunk")} ORDER BY recording_id, segment_index, rank",
                new { chunk },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var (recordingId, segmentIndex, dialogId) in rows)
            {
                if (dialogId is null)
                {
                    continue;
                }

                var key = $"{recordingId}#{segmentIndex}";
                if (!result.TryGetValue(key, out var list))
                {
                    result[key] = list = [];
                }

                list.Add(dialogId);
            }
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The flags of each live segment's latest <c>MediaAlarm</c> fact (the ingest raises and clears them while recording).</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>>> LiveAlarmsAsync(DbConnection connection, IReadOnlyList<string> recordingIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var chunk in recordingIds.Chunk(Chunk))
        {
            var rows = await connection.QueryAsync<(string RecordingId, long SegmentIndex, string Payload)>(new CommandDefinition(
                $"SELECT recording_id, segment_index, payload FROM recording_facts WHERE kind = 'MediaAlarm' AND {_connections.Dialect.InList("recording_id", "@chunk")} ORDER BY id",
                new { chunk },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var (recordingId, segmentIndex, payload) in rows)
            {
                result[$"{recordingId}#{segmentIndex}"] = FlagsOf(payload);
            }
        }

        return result;
    }

    private static List<string> FlagsOf(string payload)
    {
        var flags = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("flags", out var list)
                && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var flag in list.EnumerateArray())
                {
                    if (flag.ValueKind == JsonValueKind.String && flag.GetString() is { Length: > 0 } value)
                    {
                        flags.Add(value);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A stored fact that is not JSON has no flags to show; the fact itself stays as received.
        }

        return flags;
    }
}
