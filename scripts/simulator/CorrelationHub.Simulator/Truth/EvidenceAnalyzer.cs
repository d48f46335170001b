using CorrelationHub.Simulator.Day;

namespace CorrelationHub.Simulator.Truth;

/// <summary>
/// Decides, for each recording segment, what a correct correlator can conclude from the evidence the product really
/// receives (lost gadget events removed): the true dialog, <c>ambiguous</c> when another dialog on the same extension
/// has identical evidence (connect and end within a second, same far end), or <c>unmatched_recording</c> when no
/// delivered event ever showed the agent connected on the true dialog.
/// </summary>
public static class EvidenceAnalyzer
{
    private const double SameMomentWallMs = 1_000;
    private const double NearWallMs = 2_000;

    /// <summary>An INVITE or BYE the player sent this much later than planned was not sent the way CUCM would (the simulator was starved).</summary>
    public const double LatePlayMs = 1_000;

    public const string LatePlay = "late_play";

    public static IReadOnlyList<TruthSegment> Analyze(DayPlan day) => Analyze(day, static (_, _) => null);

    /// <summary>
    /// After play: a segment whose INVITE or BYE the player sent more than <see cref="LatePlayMs"/> late reached the
    /// product at other times than planned, so what a correct correlator can conclude is judged again with the times
    /// it was really sent, and the segment carries the fault <see cref="LatePlay"/>. Segments played on time keep their
    /// truth. A real CUCM forks within about a second and a half of the answer; a starved simulator is not a site fault.
    /// </summary>
    public static IReadOnlyList<TruthSegment> Reassess(DayPlan day, IReadOnlyList<TruthSegment> played, DateTimeOffset origin)
    {
        var byKey = played.ToDictionary(t => (t.RecordingKey, t.SegmentIndex));
        static DateTimeOffset? Time(string? iso) => iso is null ? null : DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
        bool Late(TruthSegment t) => t.InviteLateMs > LatePlayMs || t.ByeLateMs > LatePlayMs;
        var again = Analyze(day, (recording, segment) =>
        {
            var truth = byKey[(recording.Key, segment.Index)];
            return Late(truth) && Time(truth.InviteSentUtc) is { } sent && Time(truth.ByeSentUtc) is { } ended
                ? ((sent - origin).TotalMilliseconds, (ended - origin).TotalMilliseconds)
                : null;
        });
        return [.. again.Select(fresh =>
        {
            var truth = byKey[(fresh.RecordingKey, fresh.SegmentIndex)];
            return !Late(truth) ? truth : truth with
            {
                Expected = fresh.Expected,
                ExpectedReason = fresh.ExpectedReason + " (as played, late)",
                TwinDialogIds = fresh.TwinDialogIds,
                Faults = [.. truth.Faults, LatePlay],
            };
        })];
    }

    /// <param name="played">Wall milliseconds (from the origin) the segment was really sent at, or null for the plan's.</param>
    private static IReadOnlyList<TruthSegment> Analyze(DayPlan day, Func<RecordingPlan, SegmentPlan, (double Start, double End)?> played)
    {
        var speed = day.Speed;
        var connected = ConnectedIntervals(day);
        var result = new List<TruthSegment>();
        foreach (var recording in day.Recordings)
        {
            foreach (var segment in recording.Segments)
            {
                var (start, end) = played(recording, segment) ?? ((segment.StartSim / speed) + segment.InviteDelayMs, (segment.EndSim / speed) + segment.ByeDelayMs);
                var extension = recording.Seat.Extension;
                var candidates = connected.TryGetValue(extension, out var list)
                    ? list.Where(c => c.Intervals.Any(i => Overlaps(i, start, end) || Math.Abs(i.Start - start) < NearWallMs)).ToList()
                    : [];
                var truth = candidates.FirstOrDefault(c => c.DialogId == segment.DialogId);
                string expected;
                string reason;
                var twins = new List<string>();
                if (truth is null)
                {
                    expected = "unmatched_recording";
                    reason = "no delivered gadget event shows the agent connected on the true dialog";
                }
                else
                {
                    foreach (var other in candidates.Where(c => c.DialogId != truth.DialogId))
                    {
                        if (Math.Abs(other.Intervals[0].Start - truth.Intervals[0].Start) <= SameMomentWallMs
                            && Math.Abs(other.Intervals[^1].End - truth.Intervals[^1].End) <= SameMomentWallMs
                            && SameNumber(other.FarEnd, truth.FarEnd))
                        {
                            twins.Add(other.DialogId);
                        }
                    }

                    (expected, reason) = twins.Count > 0
                        ? ("ambiguous", "another dialog on the extension has identical evidence")
                        : ("matched", "the true dialog is the only one consistent with the evidence");
                }

                var faults = new List<string>();
                if (segment.LostBye)
                {
                    faults.Add("lost_bye");
                }

                if (segment.MissingFarLeg)
                {
                    faults.Add("missing_leg");
                }

                if (recording.Style == RecordingStyle.MediaProxySrtp)
                {
                    faults.Add("srtp");
                }

                result.Add(new TruthSegment
                {
                    RecordingKey = recording.Key,
                    Style = recording.Style.ToString().ToLowerInvariant(),
                    Refci = recording.Refci,
                    Extension = extension,
                    SegmentIndex = segment.Index,
                    FarEndAddress = recording.FarEndAddress,
                    Scenario = recording.Scenario,
                    Phase = segment.Phase,
                    CallKey = recording.CallKey,
                    DialogId = segment.DialogId,
                    Username = segment.Username,
                    Expected = expected,
                    ExpectedReason = reason,
                    TwinDialogIds = twins,
                    Faults = faults,
                });
            }
        }

        return result;
    }

    public static bool SameNumber(string? a, string? b)
    {
        var x = Significant(a);
        var y = Significant(b);
        return x.Length > 0 && x == y || (x.Length == 0 && y.Length == 0);
    }

    /// <summary>The last nine digits: enough to equate +353851231234, 0851231234 and 00851231234.</summary>
    public static string Significant(string? number)
    {
        var digits = new string((number ?? string.Empty).Where(char.IsDigit).ToArray());
        return digits.Length > 9 ? digits[^9..] : digits;
    }

    private static bool Overlaps((double Start, double End) interval, double start, double end) => interval.Start < end && interval.End > start;

    private sealed record Candidate(string DialogId, string? FarEnd, List<(double Start, double End)> Intervals);

    /// <summary>Per extension, the dialogs and the agent's connected intervals (wall ms from the start) as the delivered events show them.</summary>
    private static Dictionary<string, List<Candidate>> ConnectedIntervals(DayPlan day)
    {
        var observations = new Dictionary<(string Extension, string DialogId), (SortedSet<(long At, string State)> States, string? FarEnd)>();
        foreach (var action in day.Gadget)
        {
            if (action.Lost || action.Kind != GadgetKind.Dialog || action.Dialog is null)
            {
                continue;
            }

            var key = (action.Extension, action.Dialog.Id);
            var mine = action.Dialog.Participants.FirstOrDefault(p => p.Address == action.Extension);
            var other = action.Dialog.Participants.FirstOrDefault(p => p.Address != action.Extension)?.Address;
            if (!observations.TryGetValue(key, out var entry))
            {
                entry = ([], other);
                observations[key] = entry;
            }

            if (mine is not null)
            {
                entry.States.Add((mine.ChangeSim, mine.State));
            }
        }

        var result = new Dictionary<string, List<Candidate>>();
        foreach (var ((extension, dialogId), (states, farEnd)) in observations)
        {
            var intervals = new List<(double, double)>();
            double? open = null;
            foreach (var (at, state) in states)
            {
                var wall = at / day.Speed;
                if (state == "ACTIVE" && open is null)
                {
                    open = wall;
                }
                else if (open is { } started && state is "HELD" or "WRAP_UP" or "DROPPED" or "FAILED")
                {
                    intervals.Add((started, wall));
                    open = null;
                }
            }

            if (open is { } still)
            {
                intervals.Add((still, double.MaxValue));
            }

            if (intervals.Count == 0)
            {
                continue;
            }

            if (!result.TryGetValue(extension, out var list))
            {
                list = [];
                result[extension] = list;
            }

            list.Add(new Candidate(dialogId, farEnd, intervals));
        }

        return result;
    }
}
