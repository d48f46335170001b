namespace CorrelationHub.Persistence.Records;

/// <summary>
/// One export row (docs/contracts.md §5): a link between a dialog leg and a recording segment, or either alone. The
/// contract's properties come first in column order; extensions follow.
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

    // Extensions.
    public string? Flags { get; init; }

    /// <summary>The segment's codecs, <c>left/right</c> (agent/far end).</summary>
    public string? Codecs { get; init; }

    public bool Final { get; init; }

    public string? TeamName { get; init; }

    public string? QueueName { get; init; }

    public string? CallKey { get; init; }

    /// <summary>Call and ECC variables as a JSON object (name → value), when the dialog had any.</summary>
    public string? CallVariables { get; init; }

    public int? LinkRank { get; init; }

    /// <summary>The row's time for ordering and filtering: the segment's start, or for a dialog alone the agent's connect time.</summary>
    public long SortMs { get; init; }
}
