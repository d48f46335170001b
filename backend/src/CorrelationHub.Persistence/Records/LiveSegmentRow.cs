namespace CorrelationHub.Persistence.Records;

/// <summary>
/// A recording segment for the live map: its best link (rank 0), the team it belongs to (the linked agent's, else the
/// team of the agent signed in on its extension), and for an ambiguous link every candidate dialog.
/// </summary>
public sealed record LiveSegmentRow
{
    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public long StartMs { get; init; }

    public long? EndMs { get; init; }

    public double? AudioSeconds { get; init; }

    public bool HasAudio { get; init; }

    public string? Flags { get; init; }

    public string? DialogId { get; init; }

    public string Status { get; init; } = "unmatched_recording";

    public double? Confidence { get; init; }

    public string? Username { get; init; }

    public string? TeamId { get; init; }

    public string? TeamName { get; init; }

    /// <summary>Every dialog an ambiguous segment may belong to (rank order); empty otherwise.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>For a live segment, the alarms of its latest <c>MediaAlarm</c> fact (empty when cleared); null when none came.</summary>
    public IReadOnlyList<string>? LiveFlags { get; init; }

    public string Key => $"{RecordingId}#{SegmentIndex}";
}
