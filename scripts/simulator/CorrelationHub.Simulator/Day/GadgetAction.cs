namespace CorrelationHub.Simulator.Day;

public enum GadgetKind
{
    Login,
    Logout,
    State,
    Dialog,
}

/// <summary>
/// One event an agent's gadget sends. <see cref="AtSim"/> is when Finesse made the change (simulated time);
/// <see cref="DelayMs"/> is how long after that it reaches the backend, in real milliseconds (never scaled).
/// </summary>
public sealed record GadgetAction
{
    public required long AtSim { get; init; }

    public required int DelayMs { get; init; }

    public required AgentIdentity Agent { get; init; }

    public required string Extension { get; init; }

    public required GadgetKind Kind { get; init; }

    public required Guid EventId { get; init; }

    public string? State { get; init; }

    public string? Change { get; init; }

    public DialogSnapshot? Dialog { get; init; }

    /// <summary>Fault: never delivered.</summary>
    public bool Lost { get; init; }

    /// <summary>Fault: delivered a second time with the same eventId.</summary>
    public bool Duplicated { get; init; }

    /// <summary>Fault: delivered seconds late.</summary>
    public bool Delayed { get; init; }

    /// <summary>Order of creation, to keep same-time events in the order Finesse produced them.</summary>
    public required int Sequence { get; init; }
}
