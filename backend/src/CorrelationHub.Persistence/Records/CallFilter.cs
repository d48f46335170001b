namespace CorrelationHub.Persistence.Records;

/// <summary>
/// Filters of <c>/api/calls</c> and the export (docs/contracts.md §4). <see cref="FromMs"/>/<see cref="ToMs"/> bound the
/// row's time: a segment's start, or for a dialog without recording the agent's connect time.
/// </summary>
public sealed record CallFilter
{
    public long? FromMs { get; init; }

    public long? ToMs { get; init; }

    public string? Extension { get; init; }

    public string? Username { get; init; }

    public string? Status { get; init; }

    public string? DialogId { get; init; }

    public string? RecordingId { get; init; }

    public int? Limit { get; init; }

    /// <summary>
    /// Only rows whose agent was in one of these Finesse teams at the row's time (see <c>Sql.TeamAtTime</c>); rows
    /// with no agent or no known team are left out. Null: every row (readers of every team).
    /// </summary>
    public string[]? TeamIds { get; init; }

    /// <summary>
    /// A SQL LIKE pattern (<c>%digits%</c>) that from, to or far-end addresses must match: the cheap first pass of the
    /// <c>number</c> filter, whose exact rule (same number under the number plan, or ending with the digits) the web
    /// layer applies to the rows.
    /// </summary>
    public string? NumberPattern { get; init; }
}
