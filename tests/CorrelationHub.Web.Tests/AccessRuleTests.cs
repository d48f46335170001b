using System.Security.Claims;
using CorrelationHub.Persistence.Records;
using CorrelationHub.TestSupport;
using CorrelationHub.Web.Accounts;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Tests;

/// <summary>Who reads, which teams they see, the sign-in throttle on the injected clock, and password hashes.</summary>
public sealed class AccessRuleTests
{
    private static readonly AgentSession MapDraft = new("jsup", null, AgentSessionClaims.Kinds.Supervisor, AuthModes.Finesse, ["Agent", "Supervisor"], "5002", ["5002", "5003"], "https://finesse-a:8445", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Team_scope_and_reader_rules_for_accounts_tokens_and_keys()
    {
        var admin = Account("admin", TeamScope.AdministratorRole);
        var supervisor = Account("ann", TeamScope.SupervisorRole, "5002", "5004");
        var map = MapDraft.ToPrincipal(AgentSessionAuthenticationHandler.SchemeName);
        var collector = (MapDraft with { Kind = AgentSessionClaims.Kinds.Agent, Extension = "61001" }).ToPrincipal(AgentSessionAuthenticationHandler.SchemeName);
        var unverifiedMap = (MapDraft with { AuthMode = AuthModes.Open, SupervisedTeams = [] }).ToPrincipal(AgentSessionAuthenticationHandler.SchemeName);
        var finesseAdmin = (MapDraft with { Roles = ["administrator", "machine"] }).ToPrincipal(AgentSessionAuthenticationHandler.SchemeName);
        var apiKey = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key-0"), new Claim(ClaimTypes.Role, TeamScope.MachineRole)], ApiKeyAuthenticationHandler.SchemeName));
        var nobody = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.True(TeamScope.For(admin, false).All);
        Assert.True(TeamScope.For(apiKey, false).All);
        Assert.Equal(["5002", "5004"], TeamScope.For(supervisor, false).Filter!);
        Assert.Equal(["5002", "5003"], TeamScope.For(map, false).Filter!);
        Assert.Equal(["5002", "5003"], TeamScope.For(finesseAdmin, false).Filter!);
        Assert.Same(TeamScope.Nothing, TeamScope.For(collector, false));
        Assert.Same(TeamScope.Nothing, TeamScope.For(nobody, false));
        Assert.True(TeamScope.For(nobody, true).All);
        Assert.False(TeamScope.For(supervisor, false).Allows(null));
        Assert.True(TeamScope.Everything.Allows(null));

        Assert.Equal([true, true, true, true, true, false, false, false], new[] { admin, supervisor, map, finesseAdmin, apiKey, collector, unverifiedMap, nobody }.Select(Readers.IsReader));
        Assert.Equal([true, false, false, false, true], new[] { admin, supervisor, map, finesseAdmin, apiKey }.Select(Readers.IsAdministrator));
        Assert.Equal(("ann", Readers.ViaAccount), Readers.Describe(supervisor));
        Assert.Equal(("jsup", Readers.ViaFinesse), Readers.Describe(map));
        Assert.Equal(("api-key-0", Readers.ViaApiKey), Readers.Describe(apiKey));
        Assert.Equal((null, Readers.ViaOpen), Readers.Describe(nobody));

        // A request with a signed-in account and a map token reads as the account.
        var both = new ClaimsPrincipal([.. map.Identities, .. supervisor.Identities]);
        Assert.Equal(("ann", Readers.ViaAccount), Readers.Describe(both));
        Assert.Equal(["5002", "5003", "5004"], TeamScope.For(both, false).Filter!);
    }

    [Fact]
    public void Sign_in_is_refused_after_the_threshold_until_the_lockout_passes_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var throttle = new SignInThrottle(time, new Monitor<AccessOptions>(new AccessOptions { LockoutThreshold = 3, LockoutDuration = TimeSpan.FromMinutes(5) }));
        Assert.Null(throttle.Blocked("ann", "10.0.0.1"));
        Assert.Null(throttle.Failed("ann", "10.0.0.1"));
        Assert.Null(throttle.Failed("ANN", "10.0.0.2"));
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.Failed("ann ", "10.0.0.3"));
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.Blocked("ann", "10.0.0.9"));
        Assert.Null(throttle.Blocked("bob", "10.0.0.9"));

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromMinutes(1), throttle.Blocked("ann", null));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(throttle.Blocked("ann", null));

        // Failures spread out over more than three lockout durations are forgotten; a success clears the count.
        Assert.Null(throttle.Failed("bob", null));
        Assert.Null(throttle.Failed("bob", null));
        time.Advance(TimeSpan.FromMinutes(16));
        Assert.Null(throttle.Failed("bob", null));
        throttle.Succeeded("bob");
        Assert.Null(throttle.Failed("bob", null));
        Assert.Null(throttle.Failed("bob", null));

        // One address trying many usernames: four times the threshold.
        for (var i = 0; i < 11; i++)
        {
            Assert.Null(throttle.Failed($"user{i}", "10.9.9.9"));
        }

        Assert.Equal(TimeSpan.FromMinutes(5), throttle.Failed("user11", "10.9.9.9"));
        Assert.NotNull(throttle.Blocked("someone-else", "10.9.9.9"));
    }

    [Fact]
    public void Passwords_are_hashed_with_a_salt_verified_and_weaker_hashes_upgraded()
    {
        var hashing = new PasswordHashing();
        var first = hashing.Hash("correct horse battery");
        var second = hashing.Hash("correct horse battery");
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("horse", first, StringComparison.Ordinal);
        Assert.Equal((true, false), hashing.Verify(first, "correct horse battery"));
        Assert.Equal((false, false), hashing.Verify(first, "correct horse batterY"));
        var bytes = Convert.FromBase64String(first);
        Assert.Equal((0x01, PasswordHashing.Iterations), (bytes[0], System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(5))));

        var weaker = new Microsoft.AspNetCore.Identity.PasswordHasher<AccountRow>(Microsoft.Extensions.Options.Options.Create(new Microsoft.AspNetCore.Identity.PasswordHasherOptions { IterationCount = 10_000 })).HashPassword(null!, "old passphrase here");
        Assert.Equal((true, true), hashing.Verify(weaker, "old passphrase here"));
        Assert.Null(AccountRules.Password("twelve chars"));
        Assert.NotNull(AccountRules.Password("eleven char"));
        Assert.NotNull(AccountRules.Password(new string(' ', 20)));
        Assert.NotNull(AccountRules.Username("ann smith"));
        Assert.Null(AccountRules.Username("ann.smith@example"));
    }

    private static ClaimsPrincipal Account(string username, string role, params string[] teams) =>
        AccountClaims.Principal(new AccountRow { Username = username, Role = role, PasswordHash = "x", Version = 1, Teams = teams }, "sid");

    private sealed class Monitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
