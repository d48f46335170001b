namespace CorrelationHub.Persistence.Records;

/// <summary>A dialog still in an agent's list, with the agent participant's latest state (ACTIVE, HELD, WRAP_UP...).</summary>
public sealed record LiveDialogRow
{
    public required string DialogId { get; init; }

    public required string Username { get; init; }

    public string? Extension { get; init; }

    public string? CallType { get; init; }

    public string? FromAddress { get; init; }

    public string? ToAddress { get; init; }

    /// <summary>The dialog's state (Finesse Dialog <c>state</c>).</summary>
    public string? State { get; init; }

    /// <summary>The agent participant's latest state on Finesse time.</summary>
    public string? AgentState { get; init; }

    /// <summary>When the agent first went ACTIVE.</summary>
    public long? StartMs { get; init; }

    public long FirstSeenMs { get; init; }

    /// <summary>When the gadget last reported this dialog.</summary>
    public long LastSeenMs { get; init; }
}
