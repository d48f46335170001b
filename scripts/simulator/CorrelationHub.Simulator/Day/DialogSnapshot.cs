namespace CorrelationHub.Simulator.Day;

/// <summary>One participant as Finesse shows it; times are simulated milliseconds (Finesse server clock).</summary>
public sealed record ParticipantSnapshot(string Address, string Type, string State, long StartSim, long ChangeSim);

/// <summary>A Finesse voice Dialog at one moment, the way finesse.js hands it to the gadget.</summary>
public sealed record DialogSnapshot(
    string Id,
    string State,
    string FromAddress,
    string ToAddress,
    string CallType,
    IReadOnlyDictionary<string, string> MediaProperties,
    IReadOnlyList<ParticipantSnapshot> Participants,
    string? SecondaryId,
    string? AssociatedDialogId);
