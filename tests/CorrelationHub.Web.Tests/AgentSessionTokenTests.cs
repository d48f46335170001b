using System.Security.Claims;
using CorrelationHub.Correlation.Events;
using CorrelationHub.TestSupport;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Tests;

/// <summary>Gadget session tokens (expiry on the injected clock, tampering), the Finesse User reader and the binding rule.</summary>
public sealed class AgentSessionTokenTests
{
    private static AgentSessionTokens Tokens(FakeTimeProvider time, IDataProtectionProvider? keys = null) =>
        new(keys ?? new EphemeralDataProtectionProvider(), time, new StaticMonitor<AuthOptions>(new AuthOptions { TokenLifetime = TimeSpan.FromMinutes(30) }));

    private static AgentSession Draft(string kind = AgentSessionClaims.Kinds.Agent) =>
        new("012345", "61001", kind, AuthModes.Finesse, ["Agent", "Supervisor"], "5002", ["5002", "5003"], "https://finesse-a:8445", default);

    [Fact]
    public void A_token_reads_back_until_it_expires_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var tokens = Tokens(time);
        var (token, issued) = tokens.Issue(Draft());
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(30), issued.ExpiresAt);

        Assert.True(tokens.TryRead(token, out var session));
        Assert.Equal(("012345", "61001", "agent"), (session.Username, session.Extension, session.Kind));
        Assert.Equal(["5002", "5003"], session.SupervisedTeams);

        time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1));
        Assert.True(tokens.TryRead(token, out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(tokens.TryRead(token, out _));
    }

    [Fact]
    public void A_tampered_token_or_one_from_other_keys_is_refused()
    {
        var time = new FakeTimeProvider();
        var (token, _) = Tokens(time).Issue(Draft());
        var tokens = Tokens(time);
        Assert.False(tokens.TryRead(token, out _), "another key ring");
        var mine = Tokens(time, new EphemeralDataProtectionProvider());
        var (own, _) = mine.Issue(Draft());
        Assert.True(mine.TryRead(own, out _));
        Assert.False(mine.TryRead(own[..10] + (own[10] == 'A' ? 'B' : 'A') + own[11..], out _));
        Assert.False(mine.TryRead("not base64 !", out _));
        Assert.False(mine.TryRead(string.Empty, out _));
    }

    [Fact]
    public void The_principal_carries_the_claims_the_map_can_filter_on()
    {
        var principal = (Draft(AgentSessionClaims.Kinds.Supervisor) with { ExpiresAt = DateTimeOffset.UnixEpoch }).ToPrincipal("AgentSession");
        Assert.Equal("012345", principal.Identity!.Name);
        Assert.True(principal.IsInRole("Supervisor"));
        Assert.Equal("supervisor", AgentSessionClaims.KindOf(principal));
        Assert.Equal(["5002", "5003"], AgentSessionClaims.SupervisedTeamsOf(principal));
        Assert.Equal("5002", principal.FindFirst(AgentSessionClaims.Team)!.Value);
    }

    [Fact]
    public void Events_bind_to_the_session_username_and_extension()
    {
        var agent = (Draft() with { ExpiresAt = DateTimeOffset.UnixEpoch }).ToPrincipal("AgentSession");
        AgentEvent Event(string user, string? extension) => new() { EventId = Guid.NewGuid().ToString(), Action = "state", Username = user, Extension = extension, Json = "{}" };
        Assert.Null(AgentSessionBinding.Check(agent, Event("012345", "61001")));
        Assert.Null(AgentSessionBinding.Check(agent, Event("012345", null)));
        Assert.Equal("username", AgentSessionBinding.Check(agent, Event("099999", "61001"))!.Field);
        Assert.Equal("extension", AgentSessionBinding.Check(agent, Event("012345", "61002"))!.Field);
        var map = (Draft(AgentSessionClaims.Kinds.Supervisor) with { ExpiresAt = DateTimeOffset.UnixEpoch }).ToPrincipal("AgentSession");
        Assert.NotNull(AgentSessionBinding.Check(map, Event("012345", "61001")));
        Assert.Null(AgentSessionBinding.Check(new ClaimsPrincipal(new ClaimsIdentity()), Event("anyone", "1")));
    }

    [Fact]
    public void The_Finesse_User_reader_takes_roles_and_supervised_teams_and_refuses_anything_else()
    {
        var agent = FinesseUserDocument.Parse(File.ReadAllText(RepoPaths.Fixture("finesse/user-talking.xml")))!;
        Assert.Equal(("012345", "61001", "5002", "Billing"), (agent.LoginId, agent.Extension, agent.TeamId, agent.TeamName));
        Assert.Equal(["Agent"], agent.Roles);
        Assert.False(agent.IsSupervisor);
        Assert.Empty(agent.SupervisedTeams);

        var supervisor = FinesseUserDocument.Parse("""
            <User><loginId>jsup</loginId><extension>61099</extension><roles><role>Agent</role><role>Supervisor</role></roles>
            <teams><Team><id>5002</id><name>Billing</name><uri>/finesse/api/Team/5002</uri></Team><Team><id>5003</id><name>Collections</name></Team></teams></User>
            """)!;
        Assert.True(supervisor.IsSupervisor);
        Assert.Equal(["5002", "5003"], supervisor.SupervisedTeams.Select(t => t.Id));

        Assert.Null(FinesseUserDocument.Parse("<ApiErrors><ApiError/></ApiErrors>"));
        Assert.Null(FinesseUserDocument.Parse("<User><loginName>x</loginName></User>"));
        Assert.Null(FinesseUserDocument.Parse("<!DOCTYPE User [<!ENTITY x 'y'>]><User><loginId>&x;</loginId></User>"));
        Assert.Null(FinesseUserDocument.Parse("not xml"));
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
