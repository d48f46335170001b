using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Timeline;

/// <summary>
/// Builds an agent's timeline on a dialog from participant observations. Finesse sends snapshots, not
/// transitions, and they can arrive twice or out of order: observations are ordered by their own time (duplicates
/// collapse), so the same set of observations always gives the same timeline.
/// </summary>
public static class DialogTimeline
{
    public const string Active = "ACTIVE";

    /// <summary>States that end the agent's talking: hold, drop, wrap-up, failure.</summary>
    public static bool Disconnects(string state) => state is "HELD" or "WRAP_UP" or "DROPPED" or "FAILED";

    /// <summary>States that end the agent's presence on the call (hold does not).</summary>
    public static bool Leaves(string state) => state is "WRAP_UP" or "DROPPED" or "FAILED";

    /// <param name="removedAt">When the dialog left the agent's list (closes an interval still open).</param>
    public static LegTimeline Build(IEnumerable<ParticipantObservation> observations, DateTimeOffset? removedAt = null)
    {
        var ordered = observations.Distinct().OrderBy(o => o.At).ThenBy(o => Order(o.State)).ToList();
        var connected = new List<TimeRange>();
        var connects = new List<DateTimeOffset>();
        var disconnects = new List<DateTimeOffset>();
        DateTimeOffset? open = null;
        DateTimeOffset? presentStart = null;
        DateTimeOffset? presentEnd = null;
        foreach (var observation in ordered)
        {
            if (observation.State == Active)
            {
                connects.Add(observation.At);
                open ??= observation.At;
                presentStart ??= observation.At;
                presentEnd = null;
            }
            else if (Disconnects(observation.State))
            {
                disconnects.Add(observation.At);
                if (open is { } start)
                {
                    connected.Add(new TimeRange(start, observation.At));
                    open = null;
                }

                if (presentStart is not null && Leaves(observation.State))
                {
                    presentEnd ??= observation.At;
                }
            }
        }

        if (open is { } still)
        {
            DateTimeOffset? end = removedAt is { } removed ? (removed > still ? removed : still) : null;
            connected.Add(new TimeRange(still, end));
            if (end is { } closedAt)
            {
                disconnects.Add(closedAt);
            }

            presentEnd = end;
        }
        else if (presentStart is not null && presentEnd is null && removedAt is { } removed)
        {
            // Held when the dialog disappeared: the call ended then.
            presentEnd = removed > presentStart ? removed : presentStart;
        }

        TimeRange? present = presentStart is { } first ? new TimeRange(first, presentEnd) : null;
        return new LegTimeline(connected, present, connects, disconnects);
    }

    /// <summary>
    /// Closes whatever is still open at <paramref name="at"/> (the agent's session ended). The call ended by then,
    /// but nobody saw when: the close bounds the intervals and adds no disconnect point (no end evidence).
    /// </summary>
    public static LegTimeline CloseAt(LegTimeline timeline, DateTimeOffset at)
    {
        if (timeline.Present is not { End: null } present)
        {
            return timeline;
        }

        var end = at > present.Start ? at : present.Start;
        var connected = timeline.Connected.Select(c => c.End is null ? c with { End = end > c.Start ? end : c.Start } : c).ToList();
        return new LegTimeline(connected, present with { End = end }, timeline.ConnectPoints, timeline.DisconnectPoints);
    }

    private static int Order(string state) => state switch
    {
        "INITIATING" => 0,
        "INITIATED" => 1,
        "ALERTING" => 2,
        Active => 3,
        "HELD" => 4,
        "WRAP_UP" => 5,
        "DROPPED" => 6,
        "FAILED" => 7,
        _ => 8,
    };
}
