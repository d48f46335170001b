using System.Text.RegularExpressions;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Accounts;

/// <summary>What a username, role, team id and password must look like; each check answers null or why not.</summary>
public static partial class AccountRules
{
    /// <summary>NIST SP 800-63B §5.1.1.2 asks for at least 8; a compliance product's shared consoles deserve more.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>An upper bound keeps hashing cheap for an attacker's megabyte "password".</summary>
    public const int MaximumPasswordLength = 1024;

    public static readonly IReadOnlyList<string> Roles = [TeamScope.AdministratorRole, TeamScope.SupervisorRole];

    public static string? Username(string? username) =>
        username is null || !UsernamePattern().IsMatch(username) ? "must be 1 to 64 letters, digits, dots, dashes, underscores or @" : null;

    public static string? Role(string? role) => role is not null && Roles.Contains(role) ? null : "must be administrator or supervisor";

    public static string? Team(string team) => TeamPattern().IsMatch(team) ? null : $"'{team}' is not a Finesse team id (letters, digits, dashes, underscores; up to 64)";

    public static string? Password(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
        {
            return $"must be at least {MinimumPasswordLength} characters";
        }

        if (password.Length > MaximumPasswordLength)
        {
            return $"must be at most {MaximumPasswordLength} characters";
        }

        return string.IsNullOrWhiteSpace(password) ? "must not be only spaces" : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@\-]{1,64}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,64}$")]
    private static partial Regex TeamPattern();
}
