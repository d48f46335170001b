using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Persistence.Tests.Engines;
using Dapper;

namespace CorrelationHub.Persistence.Tests;

/// <summary>The stores and the fact pipeline against a real database, run once per engine (SQLite file, PostgreSQL).</summary>
public abstract class StoreContractTests : StoreContractBase
{
    [Fact]
    public async Task Migrations_apply_once()
    {
        Assert.Empty(await new MigrationRunner(Db, TimeProvider.System).MigrateAsync());
    }

    [Fact]
    public async Task A_replayed_event_id_is_acknowledged_but_stored_and_applied_once()
    {
        var e = Event("""{"action":"login","username":"012345","extension":"61001","firstName":"Bob","eventId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""");
        Assert.True(await Submit(e, T0));
        Assert.False(await Submit(e, T0.AddSeconds(1)));
        Assert.Equal(1, await Count("agent_events"));
        Assert.Equal(1, await Count("agent_presence WHERE kind = 'login'"));
    }

    [Fact]
    public async Task Concurrent_events_are_all_stored_in_batches_and_duplicates_in_one_batch_are_caught()
    {
        var events = Enumerable.Range(0, 400).Select(i => Event($$"""{"action":"heartbeat","username":"u{{i % 40}}","extension":"6{{1000 + (i % 40)}}","eventId":"{{Guid.NewGuid()}}"}""")).ToList();
        var duplicate = events[7];
        var results = await Task.WhenAll(events.Append(duplicate).Select((e, i) => Writer.SubmitAsync(e, T0.AddMilliseconds(i))));
        await Writer.WhenAppliedAsync();
        Assert.Equal(400, results.Count(r => r));
        Assert.Equal(1, results.Count(r => !r));
        Assert.Equal(400, await Count("agent_events"));
        Assert.Equal(40, await Count("agents"));
    }

    [Fact]
    public async Task Facts_stored_but_not_applied_before_a_crash_are_applied_at_the_next_start()
    {
        // Stage 1 committed these facts, then the process died before stage 2 applied them.
        await using (var connection = await Db.OpenAsync())
        {
            using var commands = new CorrelationHub.Persistence.Sql.CommandCache(connection);
            string[] facts =
            [
                """{"action":"login","username":"bob","extension":"61001","firstName":"Bob"}""",
                """{"action":"state","username":"bob","extension":"61001","state":"TALKING"}""",
            ];
            foreach (var json in facts)
            {
                Assert.True(await AgentEventInserts.InsertAsync(commands, Event(json), T0, T0, CancellationToken.None));
            }
        }

        await Writer.WhenAppliedAsync();

        var agent = Assert.Single(await new AgentStore(Db, Gate).ListAsync());
        Assert.Equal(("bob", "TALKING", true), (agent.Username, agent.State, agent.LoggedIn));
        Assert.Equal(1, await Count("agent_presence WHERE kind = 'login'"));
    }

    [Fact]
    public async Task An_event_that_cannot_be_applied_is_still_stored_and_acknowledged_and_the_writer_goes_on()
    {
        await Submit(Event("""{"action":"login","username":"bob","extension":"61001"}"""), T0);
        await using (var connection = await Db.OpenAsync())
        {
            // Derived state the next event needs is gone: applying it fails, storing it must not.
            await connection.ExecuteAsync("DROP TABLE agent_states");
        }

        Assert.True(await Submit(Event("""{"action":"state","username":"bob","extension":"61001","state":"TALKING"}"""), T0.AddSeconds(1)));
        Assert.True(await Submit(Event("""{"action":"heartbeat","username":"bob","extension":"61001"}"""), T0.AddSeconds(2)));

        Assert.Equal(3, await Count("agent_events"));
        var agent = Assert.Single(await new AgentStore(Db, Gate).ListAsync());
        Assert.Equal((T0.AddSeconds(2).ToUnixTimeMilliseconds(), (string?)null), (agent.LastSeenMs, agent.State));
        await using var check = await Db.OpenAsync();
        Assert.Equal(await check.ExecuteScalarAsync<long>("SELECT MAX(id) FROM agent_events"), await check.ExecuteScalarAsync<long>("SELECT value FROM pipeline_state WHERE name = 'agent_events_projected'"));
    }

    [Fact]
    public async Task Cached_statements_bind_each_argument_to_its_name_wherever_it_appears()
    {
        await using var connection = await Db.OpenAsync();
        using var commands = new CorrelationHub.Persistence.Sql.CommandCache(connection);
        for (var i = 1; i <= 2; i++)
        {
            var name = "probe" + i;
            Assert.Equal(1, await commands.ExecuteAsync("INSERT INTO pipeline_state (name, value) VALUES (@p1, @p0)", CancellationToken.None, CorrelationHub.Persistence.Sql.SqlArg.Long(20 * i), CorrelationHub.Persistence.Sql.SqlArg.Text(name)));
            Assert.Equal(1, await commands.ExecuteAsync("UPDATE pipeline_state SET value = value + @p0 + @p0 WHERE name = @p1", CancellationToken.None, CorrelationHub.Persistence.Sql.SqlArg.Long(i), CorrelationHub.Persistence.Sql.SqlArg.Text(name)));
            Assert.Equal(22L * i, Convert.ToInt64(await commands.ScalarAsync("SELECT value FROM pipeline_state WHERE name = @p0", CancellationToken.None, CorrelationHub.Persistence.Sql.SqlArg.Text(name)), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Null(await commands.ScalarAsync("SELECT value FROM pipeline_state WHERE name = @p0", CancellationToken.None, CorrelationHub.Persistence.Sql.SqlArg.Text("absent")));
        Assert.Equal(0, await commands.ExecuteAsync("UPDATE pipeline_state SET value = 0 WHERE name = @p0", CancellationToken.None, CorrelationHub.Persistence.Sql.SqlArg.Text("absent")));
    }

    [Fact]
    public async Task An_older_state_snapshot_does_not_override_a_newer_one()
    {
        await Submit(Event("""{"action":"login","username":"u","extension":"61001","firstName":"Bob"}"""), T0);
        await Submit(Event("""{"action":"state","username":"u","extension":"61001","state":"TALKING","stateChangeTime":"2026-04-20T08:37:27.532Z"}"""), T0.AddSeconds(1));
        await Submit(Event("""{"action":"state","username":"u","extension":"61001","state":"READY","stateChangeTime":"2026-04-20T08:30:00.000Z"}"""), T0.AddSeconds(2));

        var agents = new AgentStore(Db, Gate);
        var agent = Assert.Single(await agents.ListAsync());
        Assert.Equal("TALKING", agent.State);
        Assert.True(agent.LoggedIn);
        Assert.Equal("Bob", agent.FirstName);
        Assert.Equal(T0.AddSeconds(2).ToUnixTimeMilliseconds(), agent.LastSeenMs);

        var states = await agents.StatesAsync("u", T0.AddHours(-1), T0.AddHours(1));
        Assert.Equal(["READY", "TALKING"], states.Select(s => s.State));
    }

    [Fact]
    public async Task A_logout_then_a_late_heartbeat_from_before_it_leaves_the_agent_signed_out()
    {
        await Submit(Event("""{"action":"login","username":"u","extension":"61001"}"""), T0);
        await Submit(Event("""{"action":"logout","username":"u"}"""), T0.AddMinutes(10));
        await Submit(Event("""{"action":"heartbeat","username":"u","extension":"61001","clientTime":"2026-04-20T08:40:00.000Z","clientDriftMs":0}"""), T0.AddMinutes(11));
        Assert.False(Assert.Single(await new AgentStore(Db, Gate).ListAsync()).LoggedIn);
    }

    [Fact]
    public async Task Sessions_follow_logins_extension_moves_logouts_and_silence()
    {
        async Task Send(string json, double minutes) => await Submit(Event(json), T0.AddMinutes(minutes));
        await Send("""{"action":"login","username":"bob","extension":"61001","teamName":"Billing"}""", 0);
        await Send("""{"action":"heartbeat","username":"bob","extension":"61001"}""", 1);
        await Send("""{"action":"login","username":"bob","extension":"61005"}""", 2);
        await Send("""{"action":"heartbeat","username":"bob","extension":"61005"}""", 3);
        await Send("""{"action":"logout","username":"bob"}""", 4);
        await Send("""{"action":"heartbeat","username":"bob","extension":"61005"}""", 10);

        var sessions = await new AgentStore(Db, Gate).SessionsAsync("bob", T0.AddHours(-1), T0.AddHours(1), TimeSpan.FromMinutes(3), T0.AddMinutes(20));
        Assert.Collection(
            sessions,
            s => Assert.Equal(("61001", "login", "extension-change", "Billing"), (s.Extension, s.StartReason, s.EndReason, s.TeamName)),
            s => Assert.Equal(("61005", "login", "logout", T0.AddMinutes(4)), (s.Extension, s.StartReason, s.EndReason, s.End!.Value)),
            s => Assert.Equal(("61005", "first-seen", "heartbeat-timeout", T0.AddMinutes(10)), (s.Extension, s.StartReason, s.EndReason, s.End!.Value)));
    }

    [Fact]
    public async Task Dialog_snapshots_in_any_order_give_the_same_leg()
    {
        var active = Event(DialogJson("ACTIVE", "2026-04-20T08:37:27.480Z"));
        var dropped = Event(DialogJson("DROPPED", "2026-04-20T08:38:41.000Z"));
        await Submit(dropped, T0.AddSeconds(2));
        await Submit(active, T0);
        await Submit(active with { EventId = Guid.NewGuid().ToString() }, T0.AddSeconds(1));

        var leg = Assert.Single(await new DialogStore(Db).LegsAsync("16798406"));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), leg.StartMs);
        Assert.Equal(DateTimeOffset.Parse("2026-04-20T08:38:41.000Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), leg.EndMs);
        Assert.Equal("PREROUTE_ACD_IN", leg.CallType);
        Assert.Equal(2, await Count("dialog_participant_states WHERE dialog_id = '16798406' AND media_address = '61001'"));
    }

}

public sealed class SqliteStoreTests : StoreContractTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresStoreTests : StoreContractTests
{
    protected override Engine Engine => Engine.Postgres;
}
