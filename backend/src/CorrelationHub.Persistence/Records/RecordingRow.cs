namespace CorrelationHub.Persistence.Records;

public sealed record RecordingRow
{
    public required string RecordingId { get; init; }

    public required string Source { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public string? Refci { get; init; }

    public string? XSessionId { get; init; }

    public string? NearEndDevice { get; init; }

    public long StartMs { get; init; }

    public long? EndMs { get; init; }
}
