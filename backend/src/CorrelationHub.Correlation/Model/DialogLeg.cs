namespace CorrelationHub.Correlation.Model;

/// <summary>
/// One agent device's part in one Finesse dialog: the candidate a recording segment can be linked to. An internal
/// agent-to-agent call or a conference is one dialog with a leg per agent extension. Times are on the recorder's
/// clock (Finesse server time plus the configured offset).
/// </summary>
public sealed record DialogLeg
{
    public required string DialogId { get; init; }

    /// <summary>The agent device (extension) this leg is on.</summary>
    public required string Extension { get; init; }

    /// <summary>The agent whose gadget reported the leg.</summary>
    public string? Username { get; init; }

    public string? CallType { get; init; }

    /// <summary><c>Voice</c> for calls; any other media (chat, email) is never a candidate.</summary>
    public string? MediaType { get; init; }

    /// <summary>Numbers of the other parties (participants that are not this agent's device, plus from/to addresses).</summary>
    public IReadOnlyList<string> OtherParties { get; init; } = [];

    /// <summary>Intervals the agent's participant was ACTIVE (talking).</summary>
    public IReadOnlyList<TimeRange> Connected { get; init; } = [];

    /// <summary>From the first ACTIVE to the final drop: the time the agent was on the call, holds included.</summary>
    public TimeRange? Present { get; init; }

    /// <summary>Every time the agent was seen going ACTIVE (answer, resume).</summary>
    public IReadOnlyList<DateTimeOffset> ConnectPoints { get; init; } = [];

    /// <summary>Every time the agent was seen leaving ACTIVE (hold, drop, wrap-up).</summary>
    public IReadOnlyList<DateTimeOffset> DisconnectPoints { get; init; } = [];

    /// <summary>After a transfer or conference, the id of the dialog this one absorbed.</summary>
    public string? SecondaryId { get; init; }

    /// <summary>For a consult, the dialog it was placed from.</summary>
    public string? AssociatedDialogId { get; init; }

    public IReadOnlyList<ExactKey> Keys { get; init; } = [];

    /// <summary>True when no gadget reported this dialog: it is known only from a CTI trace line (exact keys, no times).</summary>
    public bool KnownOnlyFromCti { get; init; }

    public bool IsVoice => MediaType is null || MediaType.Equals("Voice", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the two legs are one call seen through a consult, transfer or conference.</summary>
    public bool IsChainedWith(DialogLeg other) =>
        !ReferenceEquals(this, other)
        && (Same(SecondaryId, other.DialogId) || Same(other.SecondaryId, DialogId)
            || Same(AssociatedDialogId, other.DialogId) || Same(other.AssociatedDialogId, DialogId));

    private static bool Same(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.Ordinal);
}
