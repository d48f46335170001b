namespace CorrelationHub.Persistence.Records;

/// <summary>Filters of <c>/api/calls</c> and the export (contracts §4). Times bound the call's start.</summary>
public sealed record CallFilter
{
    public long? FromMs { get; init; }

    public long? ToMs { get; init; }

    public string? Extension { get; init; }

    public string? Username { get; init; }

    public string? Status { get; init; }

    public int? Limit { get; init; }
}
