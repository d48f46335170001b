using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;

namespace CorrelationHub.Web.Live;

/// <summary>
/// Turns derived state into the map's rows: a whole snapshot, or the rows a set of changes touched. The team of a
/// row decides who may see it (<see cref="MapSubscriber"/>); this class knows nothing of readers.
/// </summary>
public sealed class LiveMapReader(LiveMapQuery query)
{
    /// <summary>Segments that started this long ago or later are "recent" (shown beside the agent and in the unmatched list).</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(30);

    /// <summary>An open segment older than this is not shown as live (a file left by a crash is repaired at the next start).</summary>
    public static readonly TimeSpan OpenWindow = TimeSpan.FromHours(12);

    /// <summary>Most unmatched segments in a snapshot (newest first); the page keeps as many.</summary>
    public const int MaxUnmatched = 300;

    /// <summary>Finished segments shown beside an agent besides its live ones and those of its current dialogs.</summary>
    private const int RecentPerAgent = 3;

    public async Task<(IReadOnlyList<LiveAgent> Agents, IReadOnlyList<LiveSegment> Unmatched)> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var agents = await query.SignedInAsync(cancellationToken).ConfigureAwait(false);
        var dialogs = await query.OpenDialogsAsync([.. agents.Select(a => a.Username)], cancellationToken).ConfigureAwait(false);
        var segments = await query.SegmentsAsync(null, [], [.. dialogs.Select(d => d.DialogId).Distinct()], Ms(now - RecentWindow), Ms(now - OpenWindow), cancellationToken).ConfigureAwait(false);
        var rows = Assemble(agents, dialogs, segments, changes: null);
        var unmatched = segments.Where(s => IsUnmatched(s, now)).Take(MaxUnmatched).Select(s => Segment(s, null)).ToList();
        return ([.. rows.Values.OfType<LiveAgent>()], unmatched);
    }

    /// <summary>
    /// The rows these changes touched: every affected agent (null when it is no longer shown: signed out), and every
    /// recent segment in the affected extensions and recordings (null when it no longer belongs in the unmatched list).
    /// </summary>
    public async Task<MapUpdate> ChangesAsync(MapChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var agents = await query.AgentsAsync([.. changes.Agents.Keys], [.. changes.Extensions.Keys], cancellationToken).ConfigureAwait(false);
        var shown = agents.Where(a => a.LoggedIn).ToList();
        var dialogs = await query.OpenDialogsAsync([.. shown.Select(a => a.Username)], cancellationToken).ConfigureAwait(false);
        var extensions = shown.Select(a => a.Extension).OfType<string>().Concat(changes.Extensions.Keys).ToHashSet(StringComparer.Ordinal);
        var segments = await query.SegmentsAsync(extensions, [.. changes.Recordings.Keys], [.. dialogs.Select(d => d.DialogId).Distinct()], Ms(now - RecentWindow), Ms(now - OpenWindow), cancellationToken).ConfigureAwait(false);
        var rows = Assemble(agents, dialogs, segments, changes);
        foreach (var username in changes.Agents.Keys)
        {
            rows.TryAdd(username, null);
        }

        var since = Ms(now - RecentWindow);
        var unmatched = new List<(string Key, LiveSegment? Row)>();
        foreach (var segment in segments.Where(s => s.StartMs >= since || s.EndMs is null))
        {
            var at = changes.Recordings.TryGetValue(segment.RecordingId, out var r) ? r
                : segment.AgentExtension is { } e && changes.Extensions.TryGetValue(e, out var x) ? x
                : (DateTimeOffset?)null;
            unmatched.Add((segment.Key, IsUnmatched(segment, now) ? Segment(segment, at) : null));
        }

        return new MapUpdate(rows, unmatched);
    }

    private static bool IsUnmatched(LiveSegmentRow segment, DateTimeOffset now) =>
        segment.Status == "unmatched_recording" && (segment.EndMs is null || segment.StartMs >= Ms(now - RecentWindow));

    private static Dictionary<string, LiveAgent?> Assemble(IReadOnlyList<AgentRow> agents, IReadOnlyList<LiveDialogRow> dialogs, IReadOnlyList<LiveSegmentRow> segments, MapChanges? changes)
    {
        var dialogsOf = dialogs.GroupBy(d => d.Username, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var segmentsOn = segments.Where(s => s.AgentExtension is not null).GroupBy(s => s.AgentExtension!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var linkedTo = new Dictionary<string, List<LiveSegmentRow>>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            foreach (var dialog in segment.Candidates.Append(segment.DialogId).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!linkedTo.TryGetValue(dialog, out var list))
                {
                    linkedTo[dialog] = list = [];
                }

                list.Add(segment);
            }
        }

        var rows = new Dictionary<string, LiveAgent?>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (!agent.LoggedIn)
            {
                rows[agent.Username] = null;
                continue;
            }

            // A dialog last reported before this sign-in is a leftover the gadget never removed (at sign-in and at a
            // desktop reload the gadget reports the dialogs that still exist).
            var open = (dialogsOf.GetValueOrDefault(agent.Username) ?? []).Where(d => agent.LoginMs is not { } login || d.LastSeenMs >= login - 5000).ToList();
            var chosen = new Dictionary<string, LiveSegmentRow>(StringComparer.Ordinal);
            foreach (var dialog in open)
            {
                foreach (var segment in linkedTo.GetValueOrDefault(dialog.DialogId) ?? [])
                {
                    chosen[segment.Key] = segment;
                }
            }

            var onExtension = agent.Extension is { } extension ? segmentsOn.GetValueOrDefault(extension) ?? [] : [];
            var mine = onExtension.Where(s => s.Username == agent.Username || agent.LoginMs is not { } login || s.StartMs >= login - 60_000).ToList();
            foreach (var segment in mine.Where(s => s.EndMs is null))
            {
                chosen[segment.Key] = segment;
            }

            foreach (var segment in mine.Where(s => s.EndMs is not null).OrderByDescending(s => s.StartMs).Take(RecentPerAgent))
            {
                chosen.TryAdd(segment.Key, segment);
            }

            var observed = changes?.ObservedFor(agent.Username, agent.Extension);
            rows[agent.Username] = new LiveAgent(
                agent.Username,
                agent.FirstName,
                agent.LastName,
                agent.Extension,
                agent.TeamId,
                agent.TeamName,
                agent.State,
                agent.ReasonCodeId,
                IsoTime.FromMs(agent.StateChangeMs),
                IsoTime.FromMs(agent.LoginMs),
                IsoTime.FromMs(agent.LastSeenMs)!,
                observed is { } at ? IsoTime.Format(at) : null,
                [.. open.Select(d => new LiveDialog(d.DialogId, d.CallType, d.FromAddress, d.ToAddress, d.State, d.AgentState, IsoTime.FromMs(d.StartMs), IsoTime.FromMs(d.FirstSeenMs)!))],
                [.. chosen.Values.OrderByDescending(s => s.StartMs).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => Segment(s, null))]);
        }

        return rows;
    }

    private static LiveSegment Segment(LiveSegmentRow s, DateTimeOffset? changedAt) => new(
        s.Key,
        s.RecordingId,
        s.SegmentIndex,
        s.AgentExtension,
        s.FarEndAddress,
        IsoTime.FromMs(s.StartMs)!,
        IsoTime.FromMs(s.EndMs),
        s.AudioSeconds,
        s.HasAudio,
        s.Status,
        s.DialogId,
        s.Candidates,
        s.Confidence,
        Alarms(s),
        s.Username,
        s.TeamId,
        s.TeamName,
        changedAt is { } at ? IsoTime.Format(at) : null);

    /// <summary>
    /// A finished segment's flags as stored; a live one's with <c>no-audio</c> as its latest MediaAlarm says (the stored
    /// flags keep every alarm ever raised, a live alarm clears when audio arrives).
    /// </summary>
    internal static IReadOnlyList<string> Alarms(LiveSegmentRow s)
    {
        var stored = string.IsNullOrEmpty(s.Flags) ? [] : s.Flags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (s.EndMs is not null || s.LiveFlags is null)
        {
            return stored;
        }

        return [.. stored.Where(f => f != "no-audio").Concat(s.LiveFlags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}

/// <summary>The rows one flush touched (see <see cref="LiveMapReader.ChangesAsync"/>).</summary>
public sealed record MapUpdate(IReadOnlyDictionary<string, LiveAgent?> Agents, IReadOnlyList<(string Key, LiveSegment? Row)> Unmatched);
