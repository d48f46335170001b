namespace CorrelationHub.Persistence.Records;

/// <summary>
/// One export row (contracts §5): a link between a dialog and a recording segment, or either alone. Property order
/// is the column order.
/// </summary>
public sealed record CallRecord
{
    public string? DialogId { get; init; }

    public string? AgentUsername { get; init; }

    public string? AgentName { get; init; }

    public string? Extension { get; init; }

    public string? CallType { get; init; }

    public string? FromAddress { get; init; }

    public string? ToAddress { get; init; }

    public long? DialogStartMs { get; init; }

    public long? DialogEndMs { get; init; }

    public string? RecordingId { get; init; }

    public int? SegmentIndex { get; init; }

    public string? Refci { get; init; }

    public string? FarEndAddress { get; init; }

    public long? RecordingStartMs { get; init; }

    public long? RecordingEndMs { get; init; }

    public double? RecordingSeconds { get; init; }

    public string? MatchStatus { get; init; }

    public double? MatchConfidence { get; init; }

    public string? MatchReason { get; init; }

    public string? Flags { get; init; }
}
