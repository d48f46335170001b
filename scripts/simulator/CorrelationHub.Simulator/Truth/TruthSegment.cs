namespace CorrelationHub.Simulator.Truth;

/// <summary>What the export must say about one recording segment (one line of the truth file).</summary>
public sealed record TruthSegment
{
    public required string RecordingKey { get; init; }

    public required string Style { get; init; }

    public required string Refci { get; init; }

    public required string Extension { get; init; }

    public required int SegmentIndex { get; init; }

    public required string FarEndAddress { get; init; }

    public required string Scenario { get; init; }

    public required string Phase { get; init; }

    public required string CallKey { get; init; }

    /// <summary>The Finesse dialog this segment truly belongs to.</summary>
    public required string? DialogId { get; init; }

    public required string? Username { get; init; }

    /// <summary><c>matched</c>, <c>ambiguous</c> (the evidence the product received cannot tell) or <c>unmatched_recording</c> (it never learnt of the dialog).</summary>
    public required string Expected { get; init; }

    public required string ExpectedReason { get; init; }

    /// <summary>Other dialogs whose evidence is identical (for <c>ambiguous</c>).</summary>
    public IReadOnlyList<string> TwinDialogIds { get; init; } = [];

    public IReadOnlyList<string> Faults { get; init; } = [];

    /// <summary>When the agent connected (Finesse time mapped to the wall clock), ISO-8601.</summary>
    public string? ConnectedUtc { get; set; }

    /// <summary>When the first INVITE of the segment was sent (filled by the player).</summary>
    public string? InviteSentUtc { get; set; }

    public string? ByeSentUtc { get; set; }

    /// <summary>
    /// How late the player's own wait for the INVITE woke up (a starved simulator; a real CUCM forks within ~1.5 s).
    /// Time spent before it waiting for the recorder's answers is not counted: that lateness is the product's.
    /// </summary>
    public double? InviteLateMs { get; set; }

    /// <summary>Likewise for the BYE (or the end of the media, for a lost BYE).</summary>
    public double? ByeLateMs { get; set; }

    /// <summary>The recorder's answer to the INVITE(s): 200, or the failure.</summary>
    public string? SipOutcome { get; set; }
}
