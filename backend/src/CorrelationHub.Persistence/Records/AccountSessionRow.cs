namespace CorrelationHub.Persistence.Records;

/// <summary>One sign-in, named by the session cookie; <see cref="EndedMs"/> once signed out or revoked.</summary>
public sealed record AccountSessionRow
{
    public required string SessionId { get; init; }

    public required string Username { get; init; }

    public long CreatedMs { get; init; }

    public long? EndedMs { get; init; }

    public string? EndReason { get; init; }
}
