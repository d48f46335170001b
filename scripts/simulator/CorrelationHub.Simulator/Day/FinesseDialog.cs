using System.Globalization;

namespace CorrelationHub.Simulator.Day;

/// <summary>
/// A Finesse voice dialog being built by the generator: participants change state over (simulated) time and each
/// change can be published to the agents on it as a snapshot. The id is node × 2^24 + GCH (the JTAPI call id).
/// </summary>
public sealed class FinesseDialog
{
    private readonly List<ParticipantSnapshot> _participants = [];

    public FinesseDialog(int node, int globalCallId, string callType, string from, string to, IReadOnlyDictionary<string, string> media)
    {
        Id = ((long)node * (1L << 24) + globalCallId).ToString(CultureInfo.InvariantCulture);
        CallType = callType;
        From = from;
        To = to;
        Media = new Dictionary<string, string>(media);
    }

    public string Id { get; }

    public string CallType { get; set; }

    public string From { get; set; }

    public string To { get; set; }

    public string State { get; set; } = "ALERTING";

    public Dictionary<string, string> Media { get; }

    public string? SecondaryId { get; set; }

    public string? AssociatedDialogId { get; set; }

    public void Set(string address, string type, string state, long at)
    {
        var index = _participants.FindIndex(p => p.Address == address);
        if (index < 0)
        {
            _participants.Add(new ParticipantSnapshot(address, type, state, at, at));
        }
        else
        {
            _participants[index] = _participants[index] with { State = state, ChangeSim = at };
        }
    }

    /// <summary>Sets a participant's state without moving its stateChangeTime (Finesse repeats unchanged participants).</summary>
    public void Start(string address, string type, string state, long startTime, long changeTime)
    {
        _participants.RemoveAll(p => p.Address == address);
        _participants.Add(new ParticipantSnapshot(address, type, state, startTime, changeTime));
    }

    public DialogSnapshot Snapshot() => new(Id, State, From, To, CallType, new Dictionary<string, string>(Media), [.. _participants], SecondaryId, AssociatedDialogId);

    /// <summary>The same dialog as seen by an agent who only sees some participants (after a transfer, the survivors).</summary>
    public DialogSnapshot SnapshotWith(IEnumerable<string> addresses)
    {
        var wanted = addresses.ToHashSet();
        return Snapshot() with { Participants = [.. _participants.Where(p => wanted.Contains(p.Address))] };
    }
}
