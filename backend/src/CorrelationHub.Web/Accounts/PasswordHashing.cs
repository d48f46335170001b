using CorrelationHub.Persistence.Records;
using Microsoft.AspNetCore.Identity;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// Password hashes by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (format v3: PBKDF2-HMAC-SHA512,
/// a random 128-bit salt per hash, 256-bit subkey, constant-time comparison), at 210,000 iterations (OWASP's 2023
/// figure for PBKDF2-HMAC-SHA512). Hashes made with fewer iterations verify and are upgraded at the next sign-in.
/// An unknown username is checked against a decoy hash, so it costs the same time as a wrong password.
/// </summary>
public sealed class PasswordHashing
{
    public const int Iterations = 210_000;

    private readonly PasswordHasher<AccountRow> _hasher = new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    private readonly Lazy<string> _decoy;

    public PasswordHashing()
    {
        _decoy = new Lazy<string>(() => Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Whether the password matches, and whether the hash should be replaced by a stronger one.</summary>
    public (bool Matches, bool Rehash) Verify(string hash, string password) => _hasher.VerifyHashedPassword(null!, hash, password) switch
    {
        PasswordVerificationResult.Success => (true, false),
        PasswordVerificationResult.SuccessRehashNeeded => (true, true),
        _ => (false, false),
    };

    /// <summary>Spends the time of one verification, for a username that has no account.</summary>
    public void VerifyDecoy(string password) => _hasher.VerifyHashedPassword(null!, _decoy.Value, password);
}
