namespace CorrelationHub.Persistence.Records;

/// <summary>One agent's leg of a dialog with the dialog's properties: who, which device, numbers, and when the agent was on it.</summary>
public sealed record DialogRow
{
    public required string DialogId { get; init; }

    public string? Username { get; init; }

    public string? Extension { get; init; }

    public string? CallType { get; init; }

    public string? FromAddress { get; init; }

    public string? ToAddress { get; init; }

    public string? State { get; init; }

    /// <summary>When the agent first went ACTIVE.</summary>
    public long? StartMs { get; init; }

    /// <summary>When the agent finally dropped (holds excluded).</summary>
    public long? EndMs { get; init; }

    public bool Removed { get; init; }
}
