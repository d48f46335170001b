namespace CorrelationHub.Persistence.Records;

/// <summary>A local account of the map, the REST API and audio. <see cref="Username"/> is lower-case.</summary>
public sealed record AccountRow
{
    public required string Username { get; init; }

    public string? DisplayName { get; init; }

    /// <summary><c>administrator</c> or <c>supervisor</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The password hash (never the password): ASP.NET Core PasswordHasher v3 format.</summary>
    public required string PasswordHash { get; init; }

    /// <summary>+1 at every change of role, teams or name.</summary>
    public long Version { get; init; }

    public long CreatedMs { get; init; }

    public long UpdatedMs { get; init; }

    public long PasswordChangedMs { get; init; }

    /// <summary>The Finesse team ids a supervisor may see, sorted.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];
}
