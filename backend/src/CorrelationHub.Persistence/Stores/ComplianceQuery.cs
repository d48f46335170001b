using System.Globalization;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Sql;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Computes what compliance teams measure (see <see cref="ComplianceFigures"/>) over a range, streaming the rows
/// once and grouping them by UTC day, team and agent. Supervisor monitoring legs are not calls to record.
/// </summary>
public sealed class ComplianceQuery
{
    private readonly IDbConnectionFactory _connections;

    public ComplianceQuery(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>The figures over [from, to) for every team.</summary>
    public Task<ComplianceReport> ComputeAsync(long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        ComputeAsync(fromMs, toMs, null, cancellationToken);

    /// <summary>
    /// The figures over [from, to). With <paramref name="teamIds"/>, only dialog legs and segments whose agent was in
    /// one of those teams at the time count (overall figures included); null: every team. Teams are grouped by the
    /// team's name at the time (the agent's sign-in then); a segment counts for its best link's agent.
    /// </summary>
    public async Task<ComplianceReport> ComputeAsync(long fromMs, long toMs, IReadOnlyCollection<string>? teamIds, CancellationToken cancellationToken = default)
    {
        var groups = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        Accumulator Group(string key) => groups.TryGetValue(key, out var a) ? a : groups[key] = new Accumulator(key);
        IEnumerable<Accumulator> For(long ms, string? team, string? agent)
        {
            yield return Group("all");
            yield return Group("day:" + DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            yield return Group("team:" + (team ?? "(no team)"));
            yield return Group("agent:" + (agent ?? "(unknown agent)"));
        }

        List<ComplianceFigures> Of(string prefix) => [.. groups.Values.Where(g => g.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Figures(prefix.Length))];
        if (teamIds is { Count: 0 })
        {
            return new ComplianceReport(fromMs, toMs, new Accumulator("all").Figures(0), [], [], []);
        }

        var teams = teamIds?.ToArray();
        var legTeams = teams is null ? string.Empty : "AND " + _connections.Dialect.InList(TeamAtTime.Id("dl.username", "dl.start_ms"), "@teams");
        var segmentTeams = teams is null ? string.Empty : "AND " + _connections.Dialect.InList(TeamAtTime.Id("l.username", "s.start_ms"), "@teams");
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var legs = connection.QueryUnbufferedAsync<LegRow>(
            $"""
            SELECT dl.start_ms AS StartMs, dl.end_ms AS EndMs, dl.username AS Username, {TeamAtTime.Name("dl.username", "dl.start_ms")} AS TeamName,
                   (SELECT MAX(CASE l.status WHEN 'matched' THEN 2 WHEN 'ambiguous' THEN 1 ELSE 0 END) FROM links l WHERE l.dialog_id = dl.dialog_id AND l.extension = dl.extension) AS Best,
                   (SELECT MAX(s.available_ms) FROM links l JOIN recording_segments s ON s.recording_id = l.recording_id AND s.segment_index = l.segment_index
                     WHERE l.dialog_id = dl.dialog_id AND l.extension = dl.extension AND l.status = 'matched') AS AvailableMs
            FROM dialog_legs dl
            JOIN dialogs d ON d.dialog_id = dl.dialog_id
            WHERE dl.start_ms >= @fromMs AND dl.start_ms < @toMs
              AND (d.media_type IS NULL OR d.media_type = 'Voice')
              AND COALESCE(dl.call_type, d.call_type, '') <> 'SUPERVISOR_MONITOR'
              {legTeams}
            """,
            new { fromMs, toMs, teams });
        await foreach (var leg in legs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            double? latency = leg.Best == 2 && leg.EndMs is { } end && leg.AvailableMs is { } available ? Math.Max(0, (available - end) / 1000.0) : null;
            foreach (var group in For(leg.StartMs, leg.TeamName, leg.Username))
            {
                group.VoiceDialogs++;
                group.RecordedDialogs += leg.Best == 2 ? 1 : 0;
                group.AmbiguousDialogs += leg.Best == 1 ? 1 : 0;
                if (latency is { } seconds)
                {
                    group.Latencies.Add(seconds);
                }
            }
        }

        var segments = connection.QueryUnbufferedAsync<SegmentRow>(
            $"""
            SELECT s.start_ms AS StartMs, l.status AS Status, l.username AS Username, {TeamAtTime.Name("l.username", "s.start_ms")} AS TeamName, l.dialog_id AS DialogId
            FROM recording_segments s
            LEFT JOIN links l ON l.recording_id = s.recording_id AND l.segment_index = s.segment_index AND l.rank = 0
            WHERE s.start_ms >= @fromMs AND s.start_ms < @toMs
              {segmentTeams}
            """,
            new { fromMs, toMs, teams });
        await foreach (var segment in segments.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var group in For(segment.StartMs, segment.TeamName, segment.Username))
            {
                group.Recordings++;
                group.MatchedRecordings += segment.Status == "matched" && segment.Username is not null && segment.DialogId is not null ? 1 : 0;
                group.AmbiguousRecordings += segment.Status == "ambiguous" ? 1 : 0;
                group.UnmatchedRecordings += segment.Status is null or "unmatched_recording" ? 1 : 0;
            }
        }

        var overall = groups.TryGetValue("all", out var all) ? all.Figures(0) : new Accumulator("all").Figures(0);
        return new ComplianceReport(fromMs, toMs, overall, Of("day:"), Of("team:"), Of("agent:"));
    }

    private sealed class Accumulator(string key)
    {
        public string Key { get; } = key;

        public int VoiceDialogs { get; set; }

        public int RecordedDialogs { get; set; }

        public int AmbiguousDialogs { get; set; }

        public int Recordings { get; set; }

        public int MatchedRecordings { get; set; }

        public int AmbiguousRecordings { get; set; }

        public int UnmatchedRecordings { get; set; }

        public List<double> Latencies { get; } = [];

        public ComplianceFigures Figures(int prefix)
        {
            Latencies.Sort();
            return new ComplianceFigures
            {
                Group = Key[prefix..],
                VoiceDialogs = VoiceDialogs,
                RecordedDialogs = RecordedDialogs,
                AmbiguousDialogs = AmbiguousDialogs,
                RecordingSuccessRate = VoiceDialogs == 0 ? null : Math.Round((double)RecordedDialogs / VoiceDialogs, 4),
                Recordings = Recordings,
                MatchedRecordings = MatchedRecordings,
                AmbiguousRecordings = AmbiguousRecordings,
                UnmatchedRecordings = UnmatchedRecordings,
                MetadataMatchRate = Recordings == 0 ? null : Math.Round((double)MatchedRecordings / Recordings, 4),
                LatencySamples = Latencies.Count,
                LatencyMedianSeconds = Percentile(0.5),
                LatencyP95Seconds = Percentile(0.95),
                LatencyMaxSeconds = Latencies.Count == 0 ? null : Latencies[^1],
            };
        }

        private double? Percentile(double p) => Latencies.Count == 0 ? null : Math.Round(Latencies[(int)Math.Min(Latencies.Count - 1, Math.Ceiling(p * Latencies.Count) - 1)], 3);
    }

    private sealed class LegRow
    {
        public long StartMs { get; set; }

        public long? EndMs { get; set; }

        public string? Username { get; set; }

        public string? TeamName { get; set; }

        public long? Best { get; set; }

        public long? AvailableMs { get; set; }
    }

    private sealed class SegmentRow
    {
        public long StartMs { get; set; }

        public string? Status { get; set; }

        public string? Username { get; set; }

        public string? TeamName { get; set; }

        public string? DialogId { get; set; }
    }
}
