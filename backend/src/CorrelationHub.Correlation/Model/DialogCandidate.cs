namespace CorrelationHub.Correlation.Model;

/// <summary>What the engine knows of one Finesse dialog for one agent device: when the agent was connected on it, and the other party.</summary>
public sealed record DialogCandidate
{
    public required string DialogId { get; init; }

    public string? Username { get; init; }

    /// <summary>The agent device (extension) the dialog is on.</summary>
    public required string Extension { get; init; }

    public string? CallType { get; init; }

    /// <summary>The other party's number as Finesse shows it.</summary>
    public string? FarEndNumber { get; init; }

    /// <summary>Intervals the agent's participant was ACTIVE (talking) on this dialog, on server time.</summary>
    public IReadOnlyList<TimeRange> Connected { get; init; } = [];
}
