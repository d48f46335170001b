using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Persistence.Tests.Engines;
using CorrelationHub.Persistence.Tests.Scenarios;
using Dapper;

namespace CorrelationHub.Persistence.Tests;

/// <summary>Accounts, sign-in sessions, the audit log and team scoping against a real database, once per engine.</summary>
public abstract class AccessStoreContractTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private AccountStore _accounts = null!;
    private AuditStore _audit = null!;

    protected abstract Engine Engine { get; }

    private IDbConnectionFactory Db => _database.Connections;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Engine);
        var gate = new WriteGate(Db);
        _accounts = new AccountStore(Db, gate);
        _audit = new AuditStore(Db, gate);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Accounts_are_added_once_found_case_insensitively_listed_with_teams_and_updated_with_a_new_version()
    {
        Assert.True(await _accounts.AddAsync(Account("Sup.Ann", "supervisor", ["5003", "5002"], created: 1000)));
        Assert.False(await _accounts.AddAsync(Account("sup.ann", "administrator", [], created: 2000)));
        Assert.True(await _accounts.AddAsync(Account("admin", "administrator", [], created: 3000)));

        var ann = (await _accounts.GetAsync("SUP.ANN"))!;
        Assert.Equal(("sup.ann", "supervisor", 1L, 1000L), (ann.Username, ann.Role, ann.Version, ann.CreatedMs));
        Assert.Equal(["5002", "5003"], ann.Teams);
        Assert.Equal("hash-of-Sup.Ann", ann.PasswordHash);
        Assert.Equal(["admin", "sup.ann"], (await _accounts.ListAsync()).Select(a => a.Username));
        Assert.Equal(["5002", "5003"], (await _accounts.ListAsync()).Single(a => a.Username == "sup.ann").Teams);

        var moved = (await _accounts.UpdateAsync("sup.ann", null, ["5004"], "Ann Example", 4000))!;
        Assert.Equal((2L, "supervisor", "Ann Example", 4000L), (moved.Version, moved.Role, moved.DisplayName, moved.UpdatedMs));
        Assert.Equal(["5004"], moved.Teams);
        var renamedOnly = (await _accounts.UpdateAsync("sup.ann", null, null, "Ann E.", 5000))!;
        Assert.Equal(3L, renamedOnly.Version);
        Assert.Equal(["5004"], renamedOnly.Teams);
        Assert.Null(await _accounts.UpdateAsync("nobody", "administrator", null, null, 6000));
    }

    [Fact]
    public async Task Sessions_end_on_sign_out_password_change_and_removal_and_old_ones_are_forgotten()
    {
        await _accounts.AddAsync(Account("ann", "supervisor", ["5002"], created: 0));
        await _accounts.StartSessionAsync("s-old", "ann", 1_000, 0);
        await _accounts.StartSessionAsync("s1", "ANN", 50_000, 0);
        await _accounts.StartSessionAsync("s2", "ann", 60_000, forgetBeforeMs: 10_000);
        Assert.Null(await _accounts.SessionAsync("s-old"));
        var (session, account) = (await _accounts.SessionAsync("s1"))!.Value;
        Assert.Equal(("ann", 50_000L, (long?)null), (session.Username, session.CreatedMs, session.EndedMs));
        Assert.Equal("ann", account!.Username);

        Assert.True(await _accounts.EndSessionAsync("s1", "signed-out", 70_000));
        Assert.False(await _accounts.EndSessionAsync("s1", "signed-out", 71_000));
        Assert.Equal((70_000L, "signed-out"), ((await _accounts.SessionAsync("s1"))!.Value.Session.EndedMs!.Value, (await _accounts.SessionAsync("s1"))!.Value.Session.EndReason));

        Assert.True(await _accounts.SetPasswordAsync("ann", "new-hash", 80_000));
        Assert.Equal("password-changed", (await _accounts.SessionAsync("s2"))!.Value.Session.EndReason);
        Assert.Equal(("new-hash", 80_000L), ((await _accounts.GetAsync("ann"))!.PasswordHash, (await _accounts.GetAsync("ann"))!.PasswordChangedMs));
        Assert.False(await _accounts.SetPasswordAsync("nobody", "x", 1));

        await _accounts.StartSessionAsync("s3", "ann", 90_000, 0);
        await _accounts.RehashAsync("ann", "stale-hash", "ignored", default);
        Assert.Equal("new-hash", (await _accounts.GetAsync("ann"))!.PasswordHash);
        await _accounts.RehashAsync("ann", "new-hash", "stronger-hash", default);
        Assert.Equal("stronger-hash", (await _accounts.GetAsync("ann"))!.PasswordHash);
        Assert.Null((await _accounts.SessionAsync("s3"))!.Value.Session.EndedMs);

        Assert.True(await _accounts.RemoveAsync("ann", 100_000));
        Assert.False(await _accounts.RemoveAsync("ann", 100_001));
        var removed = (await _accounts.SessionAsync("s3"))!.Value;
        Assert.Equal(("account-removed", (Records.AccountRow?)null), (removed.Session.EndReason, removed.Account));
        Assert.Equal(0, await Count("account_teams"));
    }

    [Fact]
    public async Task The_audit_log_is_queried_by_time_actor_and_action_family_and_the_database_refuses_to_change_it()
    {
        await _audit.AppendAsync(Entry(1000, "ann", "sign-in", "success"));
        await _audit.AppendAsync(Entry(2000, "ann", "playback", "started", target: "r1", details: """{"segment":1}"""));
        await _audit.AppendAsync(Entry(3000, "root", "account.add", "success", target: "bob", via: "cli"));
        await _audit.AppendAsync(Entry(3000, "root", "account.remove", "success", target: "bob", via: "cli"));
        await _audit.AppendAsync(Entry(4000, "api-key-0", "export", "completed"));

        Assert.Equal([1000L, 2000L, 3000L, 3000L, 4000L], (await Query(new AuditFilter())).Select(e => e.AtMs));
        Assert.Equal(["account.add", "account.remove"], (await Query(new AuditFilter { Action = "account" })).Select(e => e.Action));
        Assert.Equal(["account.add"], (await Query(new AuditFilter { Action = "account.add" })).Select(e => e.Action));
        Assert.Empty(await Query(new AuditFilter { Action = "accoun" }));
        Assert.Equal(["sign-in", "playback"], (await Query(new AuditFilter { Actor = "ann" })).Select(e => e.Action));
        Assert.Equal([2000L, 3000L, 3000L], (await Query(new AuditFilter { FromMs = 2000, ToMs = 4000 })).Select(e => e.AtMs));
        Assert.Equal([1000L, 2000L], (await Query(new AuditFilter { Limit = 2 })).Select(e => e.AtMs));
        var playback = Assert.Single(await Query(new AuditFilter { Action = "playback" }));
        Assert.Equal(("ann", "account", "r1", "started", """{"segment":1}""", "127.0.0.1"), (playback.Actor, playback.Via, playback.Target, playback.Outcome, playback.Details, playback.Client));

        await using var connection = await Db.OpenAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("UPDATE audit_log SET actor = 'mallory'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("DELETE FROM audit_log"));
        Assert.Equal(5, await Count("audit_log WHERE actor <> 'mallory'"));
    }

    [Fact]
    public async Task Rows_belong_to_the_team_their_agent_was_in_at_the_time_and_rows_without_a_team_only_to_all_teams()
    {
        await using var runner = new ScenarioRunner(Scenario.Load("team-move"), Db);
        await runner.PlayInOrderAsync();
        var query = new CallQuery(Db);

        Assert.Equal(["no_recording:16801003", "r-billing", "r-collections", "r-orphan"], (await Export(query, null)).Order());
        Assert.Equal(["no_recording:16801003", "r-billing"], (await Export(query, ["5002"])).Order());
        Assert.Equal(["r-collections"], await Export(query, ["5003"]));
        Assert.Equal(["no_recording:16801003", "r-billing", "r-collections"], (await Export(query, ["5002", "5003"])).Order());
        Assert.Empty(await Export(query, []));
        Assert.Empty(await Export(query, ["9999"]));

        var teams = new TeamScopeQuery(Db);
        Assert.True(await teams.RecordingInTeamsAsync("r-billing", ["5002"]));
        Assert.False(await teams.RecordingInTeamsAsync("r-billing", ["5003"]));
        Assert.True(await teams.RecordingInTeamsAsync("r-collections", ["5003", "5004"]));
        Assert.False(await teams.RecordingInTeamsAsync("r-orphan", ["5002", "5003"]));
        Assert.False(await teams.RecordingInTeamsAsync("r-billing", []));
        Assert.False(await teams.RecordingInTeamsAsync("nope", ["5002"]));

        var day = Scenario.Load("team-move").Time("00:00:00");
        var (from, to) = (day.ToUnixTimeMilliseconds(), day.AddDays(1).ToUnixTimeMilliseconds());
        var billing = await new ComplianceQuery(Db).ComputeAsync(from, to, ["5002"]);
        Assert.Equal((2, 1, 1, 1), (billing.Overall.VoiceDialogs, billing.Overall.RecordedDialogs, billing.Overall.Recordings, billing.Overall.MatchedRecordings));
        Assert.Equal(["Billing"], billing.ByTeam.Select(t => t.Group));
        Assert.Equal(["012345", "012347"], billing.ByAgent.Select(a => a.Group));
        var everything = await new ComplianceQuery(Db).ComputeAsync(from, to);
        Assert.Equal((3, 2, 3), (everything.Overall.VoiceDialogs, everything.Overall.RecordedDialogs, everything.Overall.Recordings));
        Assert.Equal(["(no team)", "Billing", "Collections"], everything.ByTeam.Select(t => t.Group));
        var none = await new ComplianceQuery(Db).ComputeAsync(from, to, []);
        Assert.Equal((0, 0), (none.Overall.VoiceDialogs, none.Overall.Recordings));
    }

    [Fact]
    public async Task An_export_that_mixes_linked_rows_and_a_segment_not_correlated_yet_streams_to_the_end()
    {
        var scenario = Scenario.Load("team-move");
        await using var runner = new ScenarioRunner(scenario, Db);
        await runner.PlayInOrderAsync();
        var options = Microsoft.Extensions.Options.Options.Create(new CorrelationHub.Correlation.Matching.CorrelationOptions());
        var facts = new CorrelationHub.Persistence.Pipeline.RecordingFactWriter(Db, new WriteGate(Db), new CorrelationHub.Persistence.Pipeline.CorrelationScheduler(), options);
        var start = scenario.Time("12:00:00");
        await facts.WriteAsync(System.Text.Json.JsonSerializer.SerializeToElement(new { kind = "SegmentStarted", recordingId = "r-late", segmentIndex = 1, occurredAt = start, source = "cucm-bib", agentExtension = "61001", segmentStart = start }), start);

        var rows = new List<CallRecord>();
        await foreach (var row in new CallQuery(Db).StreamAsync(new CallFilter()))
        {
            rows.Add(row);
        }

        Assert.Equal(("r-late", "not correlated yet", 0.0), (rows[^1].RecordingId, rows[^1].MatchReason, rows[^1].MatchConfidence));
        Assert.Equal(5, rows.Count);
    }

    private static async Task<List<string>> Export(CallQuery query, string[]? teams)
    {
        var rows = new List<string>();
        await foreach (var row in query.StreamAsync(new CallFilter { TeamIds = teams }))
        {
            rows.Add(row.RecordingId ?? $"{row.MatchStatus}:{row.DialogId}");
        }

        return rows;
    }

    private static AccountRow Account(string username, string role, string[] teams, long created) =>
        new() { Username = username, Role = role, PasswordHash = "hash-of-" + username, CreatedMs = created, Teams = teams };

    private static AuditEntry Entry(long at, string actor, string action, string outcome, string? target = null, string? details = null, string via = "account") =>
        new() { AtMs = at, Actor = actor, Via = via, Action = action, Outcome = outcome, Target = target, Details = details, Client = "127.0.0.1" };

    private async Task<List<AuditEntry>> Query(AuditFilter filter)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _audit.QueryAsync(filter))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task<long> Count(string from)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {from}");
    }
}

public sealed class SqliteAccessStoreTests : AccessStoreContractTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresAccessStoreTests : AccessStoreContractTests
{
    protected override Engine Engine => Engine.Postgres;
}
