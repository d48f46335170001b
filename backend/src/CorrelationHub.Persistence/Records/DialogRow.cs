namespace CorrelationHub.Persistence.Records;

/// <summary>A dialog's derived state: who, which device, numbers, and when the agent was connected.</summary>
public sealed record DialogRow
{
    public required string DialogId { get; init; }

    public string? Username { get; init; }

    public string? Extension { get; init; }

    public string? CallType { get; init; }

    public string? FromAddress { get; init; }

    public string? ToAddress { get; init; }

    public string? FarEnd { get; init; }

    public string? State { get; init; }

    public long? StartMs { get; init; }

    public long? EndMs { get; init; }

    public bool Removed { get; init; }
}
