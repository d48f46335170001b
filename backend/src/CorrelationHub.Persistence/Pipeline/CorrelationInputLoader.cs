using System.Data.Common;
using System.Text.Json;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Recordings;
using CorrelationHub.Correlation.Timeline;
using Dapper;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Reads what the engine needs for a set of segments from derived state: the segments (with every sibling segment
/// of their recordings), their keys, the dialog legs on their extensions near their times (with participant
/// states, keys, and legs known only from CTI traces), and the agent sessions (from presence marks).
/// </summary>
public sealed class CorrelationInputLoader
{
    /// <summary>Longest call or segment considered: bounds the index scans.</summary>
    private const long LongestCallMs = 12 * 3_600_000L;

    private readonly CorrelationOptions _options;

    public CorrelationInputLoader(CorrelationOptions options) => _options = options;

    /// <param name="extension">Only this extension (a window run), or null for every extension (a range run).</param>
    /// <param name="startingInRange">True: segments that started in [from, to). False: segments overlapping it.</param>
    public async Task<LoadedWindow> LoadAsync(DbConnection connection, string? extension, long fromMs, long toMs, bool startingInRange, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var filter = startingInRange
            ? "start_ms >= @fromMs AND start_ms < @toMs"
            : "start_ms >= @lowMs AND start_ms <= @toMs AND (end_ms IS NULL OR end_ms >= @fromMs)";
        if (extension is not null)
        {
            filter = "agent_extension = @extension AND " + filter;
        }

        var segmentIds = $"SELECT recording_id FROM recording_segments WHERE {filter}";
        var args = new { extension, fromMs, toMs, lowMs = fromMs - LongestCallMs };
        var segmentRows = (await connection.QueryAsync<SegmentRecord>(new CommandDefinition(
            $"""
            SELECT s.recording_id AS RecordingId, s.segment_index AS SegmentIndex, r.source AS Source, s.agent_extension AS AgentExtension,
                   s.far_end_address AS FarEndAddress, s.far_end_changes AS FarEndChanges, s.start_ms AS StartMs, s.end_ms AS EndMs,
                   s.end_reason AS EndReason, s.quality AS Quality
            FROM recording_segments s JOIN recordings r ON r.recording_id = s.recording_id
            WHERE s.recording_id IN ({segmentIds})
            """,
            args,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (segmentRows.Count == 0)
        {
            return new LoadedWindow(new CorrelationInput([], [], [], now), []);
        }

        var segmentKeys = (await connection.QueryAsync<KeyRecord>(new CommandDefinition(
            $"SELECT recording_id AS Owner, segment_index AS SegmentIndex, kind AS Kind, value AS Value FROM segment_keys WHERE recording_id IN ({segmentIds})",
            args,
            cancellationToken: cancellationToken)).ConfigureAwait(false))
            .GroupBy(k => (k.Owner, k.SegmentIndex))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ExactKey>)[.. g.Select(k => new ExactKey(k.Kind, k.Value))]);

        var existing = (await connection.QueryAsync<StoredLink>(new CommandDefinition(
            $"""
            SELECT recording_id AS RecordingId, segment_index AS SegmentIndex, rank AS Rank, dialog_id AS DialogId, extension AS Extension,
                   username AS Username, status AS Status, confidence AS Confidence, reason AS Reason, final AS Final
            FROM links WHERE recording_id IN ({segmentIds})
            """,
            args,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        // Segments still open: their latest media alarm says whether their media stopped (a BYE lost, not timed out yet).
        var alarms = new Dictionary<(string, long), (long At, string Payload)>();
        if (segmentRows.Exists(r => r.EndMs is null))
        {
            var alarmRows = await connection.QueryAsync<AlarmRecord>(new CommandDefinition(
                $"""
                SELECT f.recording_id AS RecordingId, f.segment_index AS SegmentIndex, f.occurred_ms AS OccurredMs, f.payload AS Payload
                FROM recording_facts f JOIN recording_segments s ON s.recording_id = f.recording_id AND s.segment_index = f.segment_index
                WHERE f.kind = 'MediaAlarm' AND s.end_ms IS NULL AND f.recording_id IN ({segmentIds})
                """,
                args,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var alarm in alarmRows)
            {
                var key = (alarm.RecordingId, alarm.SegmentIndex);
                if (!alarms.TryGetValue(key, out var latest) || alarm.OccurredMs > latest.At || (alarm.OccurredMs == latest.At && string.CompareOrdinal(alarm.Payload, latest.Payload) > 0))
                {
                    alarms[key] = (alarm.OccurredMs, alarm.Payload);
                }
            }
        }

        var segments = segmentRows.Select(r => new SegmentFacts
        {
            RecordingId = r.RecordingId,
            SegmentIndex = (int)r.SegmentIndex,
            Source = r.Source,
            AgentExtension = r.AgentExtension,
            FarEndAddress = r.FarEndAddress,
            FarEndChanges = r.FarEndChanges is null ? [] : JsonSerializer.Deserialize<List<FarEndChange>>(r.FarEndChanges) ?? [],
            Start = DateTimeOffset.FromUnixTimeMilliseconds(r.StartMs),
            End = r.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
            MediaEnd = r.EndMs is null
                ? SegmentMediaEnd.OfLatestAlarm(alarms.TryGetValue((r.RecordingId, r.SegmentIndex), out var alarm) ? alarm.Payload : null)
                : SegmentMediaEnd.Of(r.EndReason, r.Quality),
            Keys = segmentKeys.GetValueOrDefault((r.RecordingId, r.SegmentIndex)) ?? [],
        }).ToList();

        var window = _options.CandidateWindowSeconds * 1000L;
        var legFrom = segmentRows.Min(s => s.StartMs) - window;
        var legTo = segmentRows.Max(s => s.EndMs ?? nowMs) + window;
        var legFilter = "l.start_ms >= @legLow AND l.start_ms <= @legTo AND (l.end_ms IS NULL OR l.end_ms >= @legFrom)" + (extension is null ? string.Empty : " AND l.extension = @extension");
        var legArgs = new { extension, legFrom, legTo, legLow = legFrom - LongestCallMs };
        var legRows = (await connection.QueryAsync<LegRecord>(new CommandDefinition(
            $"""
            SELECT l.dialog_id AS DialogId, l.extension AS Extension, l.username AS Username, l.start_ms AS StartMs, l.agent_address AS AgentAddress, l.removed_ms AS RemovedMs,
                   d.media_type AS MediaType, COALESCE(l.call_type, d.call_type) AS CallType, d.from_address AS FromAddress, d.to_address AS ToAddress,
                   d.dialed_number AS DialedNumber, d.secondary_id AS SecondaryId, d.associated_dialog_id AS AssociatedDialogId
            FROM dialog_legs l JOIN dialogs d ON d.dialog_id = l.dialog_id
            WHERE {legFilter}
            """,
            legArgs,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        var legDialogs = $"SELECT l.dialog_id FROM dialog_legs l WHERE {legFilter}";
        var states = (await connection.QueryAsync<StateRecord>(new CommandDefinition(
            $"SELECT dialog_id AS DialogId, media_address AS Address, state AS State, state_change_ms AS AtMs FROM dialog_participant_states WHERE dialog_id IN ({legDialogs})",
            legArgs,
            cancellationToken: cancellationToken)).ConfigureAwait(false))
            .GroupBy(s => s.DialogId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var dialogKeys = (await connection.QueryAsync<KeyRecord>(new CommandDefinition(
            $"SELECT dialog_id AS Owner, extension AS Extension, kind AS Kind, value AS Value FROM dialog_keys WHERE dialog_id IN ({legDialogs})",
            legArgs,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        // Dialogs that share an exact key with a segment, whether or not a gadget reported them (CTI trace lines).
        var keyed = (await connection.QueryAsync<KeyRecord>(new CommandDefinition(
            $"""
            SELECT DISTINCT dk.dialog_id AS Owner, dk.extension AS Extension, dk.kind AS Kind, dk.value AS Value, sk.recording_id AS RecordingId
            FROM segment_keys sk JOIN dialog_keys dk ON dk.kind = sk.kind AND dk.value = sk.value
            WHERE sk.recording_id IN ({segmentIds})
            """,
            args,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        var earliest = legRows.Count > 0 ? Math.Min(legFrom, legRows.Min(l => l.StartMs ?? legFrom)) : legFrom;
        var markFrom = earliest - (_options.SessionTimeoutSeconds * 1000L) - AgentEventProjector.PresenceBucketMs;
        var markTo = legTo + (_options.SessionTimeoutSeconds * 1000L);
        var markFilter = "bucket_ms >= @markFrom AND bucket_ms <= @markTo";
        if (extension is not null)
        {
            markFilter += $" AND username IN (SELECT username FROM agent_presence WHERE extension = @extension AND {markFilter})";
        }

        var marks = (await connection.QueryAsync<MarkRecord>(new CommandDefinition(
            $"SELECT username AS Username, kind AS Kind, extension AS Extension, first_ms AS FirstMs, last_ms AS LastMs, team_id AS TeamId, team_name AS TeamName FROM agent_presence WHERE {markFilter}",
            new { extension, markFrom, markTo },
            cancellationToken: cancellationToken)).ConfigureAwait(false));
        var sessions = AgentSessionBuilder.Build(
            marks.Select(m => new PresenceMark
            {
                Username = m.Username,
                Kind = m.Kind,
                Extension = m.Extension,
                First = DateTimeOffset.FromUnixTimeMilliseconds(m.FirstMs),
                Last = DateTimeOffset.FromUnixTimeMilliseconds(m.LastMs),
                TeamId = m.TeamId,
                TeamName = m.TeamName,
            }),
            TimeSpan.FromSeconds(_options.SessionTimeoutSeconds),
            now);

        var keysByDialog = dialogKeys.GroupBy(k => k.Owner, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sessionsByUser = sessions.GroupBy(s => (s.Username, s.Extension)).ToDictionary(g => g.Key, g => g.ToList());
        var legs = legRows.Select(row => Assemble(row, states.GetValueOrDefault(row.DialogId) ?? [], keysByDialog.GetValueOrDefault(row.DialogId) ?? [], sessionsByUser)).ToList();
        var known = legs.Select(l => (l.DialogId, l.Extension)).ToHashSet();
        var segmentExtension = segments.GroupBy(s => s.RecordingId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().AgentExtension, StringComparer.Ordinal);
        foreach (var group in keyed.GroupBy(k => (k.Owner, Extension: k.Extension is { Length: > 0 } e ? e : segmentExtension.GetValueOrDefault(k.RecordingId!))))
        {
            if (group.Key.Extension is null || known.Contains((group.Key.Owner, group.Key.Extension)))
            {
                continue;
            }

            legs.Add(new DialogLeg
            {
                DialogId = group.Key.Owner,
                Extension = group.Key.Extension,
                KnownOnlyFromCti = true,
                Keys = [.. group.Select(k => new ExactKey(k.Kind, k.Value)).Distinct()],
            });
        }

        return new LoadedWindow(new CorrelationInput(segments, legs, sessions, now), existing);
    }

    private DialogLeg Assemble(LegRecord row, List<StateRecord> states, List<KeyRecord> dialogKeys, Dictionary<(string, string), List<AgentSession>> sessions)
    {
        var offset = _options.FinesseClockOffsetMs;
        var address = row.AgentAddress ?? row.Extension;
        var observations = states.Where(s => s.Address == address).Select(s => new ParticipantObservation(s.State, DateTimeOffset.FromUnixTimeMilliseconds(s.AtMs + offset)));
        var timeline = DialogTimeline.Build(observations, row.RemovedMs is { } removed ? DateTimeOffset.FromUnixTimeMilliseconds(removed) : null);
        if (timeline.Present is { End: null } present && row.Username is not null)
        {
            // The gadget never said the call ended: it ended no later than the agent's session there.
            var session = sessions.GetValueOrDefault((row.Username, row.Extension))?.FirstOrDefault(s => s.Start <= present.Start.AddSeconds(_options.CandidateWindowSeconds) && (s.End is null || s.End >= present.Start));
            if (session?.End is { } end)
            {
                timeline = DialogTimeline.CloseAt(timeline, end);
            }
        }

        var parties = states.Select(s => s.Address)
            .Concat(new[] { row.FromAddress, row.ToAddress }.OfType<string>())
            .Where(a => a != address && a != row.Extension)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new DialogLeg
        {
            DialogId = row.DialogId,
            Extension = row.Extension,
            Username = row.Username,
            CallType = row.CallType,
            MediaType = row.MediaType,
            OtherParties = parties,
            Connected = timeline.Connected,
            Present = timeline.Present,
            ConnectPoints = timeline.ConnectPoints,
            DisconnectPoints = timeline.DisconnectPoints,
            SecondaryId = row.SecondaryId,
            AssociatedDialogId = row.AssociatedDialogId,
            Keys = dialogKeys.Count == 0 ? [] : [.. dialogKeys.Where(k => k.Extension is null or "" || k.Extension == row.Extension).Select(k => new ExactKey(k.Kind, k.Value)).Distinct()],
        };
    }

    private sealed record SegmentRecord
    {
        public required string RecordingId { get; init; }

        public long SegmentIndex { get; init; }

        public string? Source { get; init; }

        public string? AgentExtension { get; init; }

        public string? FarEndAddress { get; init; }

        public string? FarEndChanges { get; init; }

        public long StartMs { get; init; }

        public long? EndMs { get; init; }

        public string? EndReason { get; init; }

        public string? Quality { get; init; }
    }

    private sealed record AlarmRecord
    {
        public required string RecordingId { get; init; }

        public long SegmentIndex { get; init; }

        public long OccurredMs { get; init; }

        public required string Payload { get; init; }
    }

    private sealed record KeyRecord
    {
        public required string Owner { get; init; }

        public long SegmentIndex { get; init; }

        public string? Extension { get; init; }

        public required string Kind { get; init; }

        public required string Value { get; init; }

        public string? RecordingId { get; init; }
    }

    private sealed record LegRecord
    {
        public required string DialogId { get; init; }

        public required string Extension { get; init; }

        public string? Username { get; init; }

        public string? AgentAddress { get; init; }

        public long? StartMs { get; init; }

        public long? RemovedMs { get; init; }

        public string? MediaType { get; init; }

        public string? CallType { get; init; }

        public string? FromAddress { get; init; }

        public string? ToAddress { get; init; }

        public string? DialedNumber { get; init; }

        public string? SecondaryId { get; init; }

        public string? AssociatedDialogId { get; init; }
    }

    private sealed record StateRecord
    {
        public required string DialogId { get; init; }

        public required string Address { get; init; }

        public required string State { get; init; }

        public long AtMs { get; init; }
    }

    private sealed record MarkRecord
    {
        public required string Username { get; init; }

        public required string Kind { get; init; }

        public required string Extension { get; init; }

        public long FirstMs { get; init; }

        public long LastMs { get; init; }

        public string? TeamId { get; init; }

        public string? TeamName { get; init; }
    }
}
