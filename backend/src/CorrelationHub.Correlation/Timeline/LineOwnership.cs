using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Timeline;

/// <summary>
/// One agent device talks on one call at a time: answering, consulting or resuming another call puts the current one
/// on hold (Finesse's HELD is a participant state; a device has at most one ACTIVE dialog). When the events say a leg
/// was still ACTIVE while a later connect on another leg of the same extension took the line (its HELD or drop event
/// was lost, or is late), the earlier leg is not counted as connected while the later one is. Only the intervals
/// are cut: no hold or drop time is invented (the connect and disconnect points, the evidence of when, stay as seen).
/// </summary>
public static class LineOwnership
{
    /// <summary>The legs of one extension with every connected interval cut where a later-connected leg held the line.</summary>
    public static List<DialogLeg> Apply(IReadOnlyList<DialogLeg> legs, DateTimeOffset now)
    {
        if (legs.Count < 2)
        {
            return [.. legs];
        }

        var result = new List<DialogLeg>(legs.Count);
        foreach (var leg in legs)
        {
            var clipped = new List<TimeRange>();
            var changed = false;
            foreach (var interval in leg.Connected)
            {
                // Intervals of other legs that began after this one did and overlap it: they owned the line then.
                var later = legs.Where(o => !ReferenceEquals(o, leg))
                    .SelectMany(o => o.Connected)
                    .Where(o => o.Start > interval.Start && o.Start < interval.EndOr(now) && o.EndOr(now) > o.Start)
                    .OrderBy(o => o.Start)
                    .ToList();
                if (later.Count == 0)
                {
                    clipped.Add(interval);
                    continue;
                }

                changed = true;
                clipped.AddRange(Subtract(interval, later, now));
            }

            result.Add(changed ? leg with { Connected = clipped } : leg);
        }

        return result;
    }

    /// <summary><paramref name="interval"/> minus <paramref name="cuts"/> (ordered by start); an open end stays open after the last cut.</summary>
    private static IEnumerable<TimeRange> Subtract(TimeRange interval, List<TimeRange> cuts, DateTimeOffset now)
    {
        var from = interval.Start;
        foreach (var cut in cuts)
        {
            if (cut.Start > from)
            {
                yield return new TimeRange(from, cut.Start);
            }

            if (cut.End is null)
            {
                yield break;
            }

            if (cut.End.Value > from)
            {
                from = cut.End.Value;
            }
        }

        if (interval.End is null)
        {
            yield return new TimeRange(from, null);
        }
        else if (interval.End.Value > from)
        {
            yield return new TimeRange(from, interval.End);
        }
    }
}
