using System.Text.Json;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Recordings;
using CorrelationHub.Persistence.Sql;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Applies one recording fact to derived state: the recording, its segment and the segment's exact keys. Like
/// the gadget projection it is idempotent: replaying a fact changes nothing.
/// </summary>
public static class RecordingFactProjector
{
    public const string InsertFact = """
        INSERT INTO recording_facts (recording_id, segment_index, kind, received_ms, occurred_ms, payload)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5)
        """;

    private static readonly string UpsertRecording = $"""
        INSERT INTO recordings (recording_id, source, agent_extension, far_end_address, refci, x_session_id, near_end_device, start_ms, end_ms, last_fact_ms)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)
        ON CONFLICT (recording_id) DO UPDATE SET
          agent_extension = COALESCE(recordings.agent_extension, excluded.agent_extension),
          far_end_address = COALESCE(recordings.far_end_address, excluded.far_end_address),
          refci = COALESCE(recordings.refci, excluded.refci),
          x_session_id = COALESCE(recordings.x_session_id, excluded.x_session_id),
          near_end_device = COALESCE(recordings.near_end_device, excluded.near_end_device),
          start_ms = {SqlExpr.Min("excluded.start_ms", "recordings.start_ms")},
          end_ms = {SqlExpr.Max("excluded.end_ms", "recordings.end_ms")},
          last_fact_ms = {SqlExpr.Max("excluded.last_fact_ms", "recordings.last_fact_ms")}
        """;

    private const string ReadSegment = "SELECT flags, far_end_changes FROM recording_segments WHERE recording_id = @p0 AND segment_index = @p1";

    private static readonly string UpsertSegment = $"""
        INSERT INTO recording_segments (recording_id, segment_index, agent_extension, far_end_address, far_end_changes, start_ms, end_ms,
                                        audio_file, audio_seconds, available_ms, end_reason, flags, quality, last_fact_ms, codecs)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14)
        ON CONFLICT (recording_id, segment_index) DO UPDATE SET
          agent_extension = COALESCE(recording_segments.agent_extension, excluded.agent_extension),
          far_end_address = COALESCE(recording_segments.far_end_address, excluded.far_end_address),
          far_end_changes = COALESCE(excluded.far_end_changes, recording_segments.far_end_changes),
          start_ms = {SqlExpr.Min("excluded.start_ms", "recording_segments.start_ms")},
          end_ms = {SqlExpr.Max("excluded.end_ms", "recording_segments.end_ms")},
          audio_file = COALESCE(excluded.audio_file, recording_segments.audio_file),
          audio_seconds = COALESCE(excluded.audio_seconds, recording_segments.audio_seconds),
          available_ms = {SqlExpr.Min("excluded.available_ms", "recording_segments.available_ms")},
          end_reason = COALESCE(excluded.end_reason, recording_segments.end_reason),
          flags = COALESCE(excluded.flags, recording_segments.flags),
          quality = COALESCE(excluded.quality, recording_segments.quality),
          codecs = COALESCE(excluded.codecs, recording_segments.codecs),
          last_fact_ms = {SqlExpr.Max("excluded.last_fact_ms", "recording_segments.last_fact_ms")}
        """;

    private const string InsertKey = """
        INSERT INTO segment_keys (recording_id, segment_index, kind, value) VALUES (@p0, @p1, @p2, @p3)
        ON CONFLICT (recording_id, segment_index, kind, value) DO NOTHING
        """;

    public static Task<int> InsertFactAsync(CommandCache commands, RecordingFactData fact, DateTimeOffset received, string json, CancellationToken cancellationToken) =>
        commands.ExecuteAsync(
            InsertFact,
            cancellationToken,
            SqlArg.Text(fact.RecordingId),
            SqlArg.Int(fact.SegmentIndex),
            SqlArg.Text(fact.Kind),
            SqlArg.Long(received.ToUnixTimeMilliseconds()),
            SqlArg.Long(fact.OccurredAt.ToUnixTimeMilliseconds()),
            SqlArg.Text(json));

    /// <param name="received">When the fact reached the backend: a finished file's "available" time.</param>
    public static async Task ProjectAsync(CommandCache commands, RecordingFactData fact, DateTimeOffset received, CancellationToken cancellationToken)
    {
        var receivedMs = received.ToUnixTimeMilliseconds();
        var start = fact.Start.ToUnixTimeMilliseconds();
        var end = fact.SegmentEnd?.ToUnixTimeMilliseconds();
        await commands.ExecuteAsync(
            UpsertRecording,
            cancellationToken,
            SqlArg.Text(fact.RecordingId),
            SqlArg.Text(fact.Source),
            SqlArg.Text(fact.AgentExtension),
            SqlArg.Text(fact.FarEndAddress),
            SqlArg.Text(fact.Refci),
            SqlArg.Text(fact.XSessionId),
            SqlArg.Text(fact.NearEndDevice),
            SqlArg.Long(start),
            SqlArg.Long(end),
            SqlArg.Long(receivedMs)).ConfigureAwait(false);

        // Flags and far-end changes accumulate across facts (read, merge, write: writers are serialised).
        string? flags = null;
        string? changes = null;
        await using (var reader = await commands.ReadAsync(ReadSegment, cancellationToken, SqlArg.Text(fact.RecordingId), SqlArg.Int(fact.SegmentIndex)).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                flags = reader.IsDBNull(0) ? null : reader.GetString(0);
                changes = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        var mergedFlags = MergeFlags(flags, fact.Flags);
        var mergedChanges = MergeChanges(changes, fact.FarEndChanges);
        await commands.ExecuteAsync(
            UpsertSegment,
            cancellationToken,
            SqlArg.Text(fact.RecordingId),
            SqlArg.Int(fact.SegmentIndex),
            SqlArg.Text(fact.AgentExtension),
            SqlArg.Text(fact.FarEndAddress),
            SqlArg.Text(mergedChanges),
            SqlArg.Long(start),
            SqlArg.Long(end),
            SqlArg.Text(fact.AudioFile),
            SqlArg.Real(fact.AudioSeconds),
            SqlArg.Long(fact.AudioFile is not null ? receivedMs : null),
            SqlArg.Text(fact.EndReason),
            SqlArg.Text(mergedFlags),
            SqlArg.Text(fact.QualityJson),
            SqlArg.Long(receivedMs),
            SqlArg.Text(fact.Codecs)).ConfigureAwait(false);

        foreach (var key in fact.Keys)
        {
            await commands.ExecuteAsync(InsertKey, cancellationToken, SqlArg.Text(fact.RecordingId), SqlArg.Int(fact.SegmentIndex), SqlArg.Text(key.Kind), SqlArg.Text(key.Value)).ConfigureAwait(false);
        }
    }

    private static string? MergeFlags(string? existing, IReadOnlyList<string> added)
    {
        if (added.Count == 0)
        {
            return existing;
        }

        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var flag in (existing ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Concat(added))
        {
            all.Add(flag.Trim());
        }

        return string.Join(',', all);
    }

    private static string? MergeChanges(string? existing, IReadOnlyList<FarEndChange> added)
    {
        if (added.Count == 0)
        {
            return existing;
        }

        var all = existing is null ? [] : JsonSerializer.Deserialize<List<FarEndChange>>(existing) ?? [];
        foreach (var change in added)
        {
            if (!all.Contains(change))
            {
                all.Add(change);
            }
        }

        return JsonSerializer.Serialize(all.OrderBy(c => c.At).ThenBy(c => c.Address, StringComparer.Ordinal).ToList());
    }
}
