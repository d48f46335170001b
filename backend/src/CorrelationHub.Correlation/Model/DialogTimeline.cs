using CorrelationHub.Correlation.Events;

namespace CorrelationHub.Correlation.Model;

/// <summary>
/// Derives the agent's connected intervals on a dialog from participant state observations (snapshots may
/// arrive twice or out of order: observations are ordered by Finesse's stateChangeTime, duplicates collapse).
/// </summary>
public static class DialogTimeline
{
    public readonly record struct Observation(string State, DateTimeOffset At);

    /// <summary>ACTIVE opens an interval; HELD, WRAP_UP, DROPPED and FAILED close it.</summary>
    public static IReadOnlyList<TimeRange> Connected(IEnumerable<Observation> observations)
    {
        var result = new List<TimeRange>();
        DateTimeOffset? open = null;
        foreach (var observation in observations.Distinct().OrderBy(o => o.At).ThenBy(o => o.State, StringComparer.Ordinal))
        {
            var isActive = observation.State == "ACTIVE";
            if (isActive && open is null)
            {
                open = observation.At;
            }
            else if (!isActive && open is { } start && observation.State is "HELD" or "WRAP_UP" or "DROPPED" or "FAILED")
            {
                result.Add(new TimeRange(start, observation.At));
                open = null;
            }
        }

        if (open is { } still)
        {
            result.Add(new TimeRange(still, null));
        }

        return result;
    }

    /// <summary>The participant that is the agent's device: the one whose media address is the extension.</summary>
    public static ParticipantSnapshot? AgentParticipant(DialogSnapshot dialog, string extension) =>
        dialog.Participants.FirstOrDefault(p => string.Equals(p.MediaAddress, extension, StringComparison.Ordinal));

    /// <summary>The other party: first participant that is not the agent's device.</summary>
    public static string? FarEndNumber(DialogSnapshot dialog, string extension)
    {
        var other = dialog.Participants.FirstOrDefault(p => p.MediaAddress is not null && !string.Equals(p.MediaAddress, extension, StringComparison.Ordinal));
        if (other?.MediaAddress is { } address)
        {
            return address;
        }

        return string.Equals(dialog.FromAddress, extension, StringComparison.Ordinal) ? dialog.ToAddress : dialog.FromAddress;
    }
}
