using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;

namespace CorrelationHub.Persistence.Tests;

/// <summary>The stores against a real SQLite file.</summary>
public sealed class SqliteStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ch-db-" + Guid.NewGuid().ToString("N"));
    private SqliteConnectionFactory _connections = null!;
    private WriteGate _gate = null!;

    public async Task InitializeAsync()
    {
        _connections = new SqliteConnectionFactory($"Data Source={Path.Combine(_directory, "test.db")}");
        _gate = new WriteGate(_connections);
        var applied = await new MigrationRunner(_connections, TimeProvider.System).MigrateAsync();
        Assert.NotEmpty(applied);
    }

    [Fact]
    public async Task Migrations_apply_once()
    {
        Assert.Empty(await new MigrationRunner(_connections, TimeProvider.System).MigrateAsync());
    }

    [Fact]
    public async Task A_replayed_event_id_is_stored_once()
    {
        var facts = new FactStore(_connections, _gate);
        var e = Event("""{"action":"login","username":"012345","extension":"61001","eventId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""");
        Assert.True(await facts.AppendAgentEventAsync(e, 1000));
        Assert.False(await facts.AppendAgentEventAsync(e, 2000));
    }

    [Fact]
    public async Task An_older_state_snapshot_does_not_override_a_newer_one()
    {
        var agents = new AgentStore(_connections, _gate);
        await agents.ApplyAsync(Event("""{"action":"login","username":"u","extension":"61001","firstName":"Bob"}"""), 1000);
        await agents.ApplyAsync(Event("""{"action":"state","username":"u","extension":"61001","state":"TALKING","stateChangeTime":"2026-04-20T08:37:27.532Z"}"""), 2000);
        await agents.ApplyAsync(Event("""{"action":"state","username":"u","extension":"61001","state":"READY","stateChangeTime":"2026-04-20T08:30:00.000Z"}"""), 3000);

        var agent = Assert.Single(await agents.ListAsync());
        Assert.Equal("TALKING", agent.State);
        Assert.True(agent.LoggedIn);
        Assert.Equal("Bob", agent.FirstName);
        Assert.Equal(3000, agent.LastSeenMs);
    }

    [Fact]
    public async Task Dialog_snapshots_in_any_order_give_the_same_connected_interval()
    {
        var dialogs = new DialogStore(_connections, _gate);
        var active = Event(DialogJson("ACTIVE", "2026-04-20T08:37:27.480Z"));
        var dropped = Event(DialogJson("DROPPED", "2026-04-20T08:38:41.000Z"));
        await dialogs.ApplyAsync(dropped, 2000);
        await dialogs.ApplyAsync(active, 1000);
        await dialogs.ApplyAsync(active, 1500);

        var candidate = Assert.Single(await dialogs.CandidatesAsync("61001", 0, long.MaxValue));
        var connected = Assert.Single(candidate.Connected);
        Assert.Equal(DateTimeOffset.Parse("2026-04-20T08:37:27.480Z", System.Globalization.CultureInfo.InvariantCulture), connected.Start);
        Assert.Equal(DateTimeOffset.Parse("2026-04-20T08:38:41.000Z", System.Globalization.CultureInfo.InvariantCulture), connected.End);
        Assert.Equal("+353858712345", candidate.FarEndNumber);
    }

    [Fact]
    public async Task Segments_without_links_export_as_unmatched_and_dialogs_without_as_no_recording()
    {
        var recordings = new RecordingStore(_connections, _gate);
        await recordings.ApplyAsync(new SegmentUpdate { RecordingId = "r1", SegmentIndex = 1, Source = "cucm-bib", AgentExtension = "61001", StartMs = 10_000 });
        await recordings.ApplyAsync(new SegmentUpdate { RecordingId = "r1", SegmentIndex = 1, Source = "cucm-bib", StartMs = 10_000, EndMs = 20_000, AudioFile = "a.wav", AudioSeconds = 10 });
        await new DialogStore(_connections, _gate).ApplyAsync(Event(DialogJson("ACTIVE", "2026-04-20T08:37:27.480Z")), 1000);

        var rows = new List<CallRecord>();
        await foreach (var row in new CallQuery(_connections).StreamAsync(new CallFilter()))
        {
            rows.Add(row);
        }

        Assert.Equal(2, rows.Count);
        var segment = Assert.Single(rows, r => r.RecordingId == "r1");
        Assert.Equal("unmatched_recording", segment.MatchStatus);
        Assert.Equal(20_000, segment.RecordingEndMs);
        Assert.Equal("61001", segment.Extension);
        var dialog = Assert.Single(rows, r => r.DialogId == "16798406");
        Assert.Equal("no_recording", dialog.MatchStatus);
    }

    private static string DialogJson(string agentState, string at) => $$$"""
        {"action":"dialog","username":"012345","extension":"61001","change":"updated",
         "dialog":{"id":"16798406","state":"ACTIVE","fromAddress":"+353858712345","toAddress":"61001",
           "mediaProperties":{"callType":"PREROUTE_ACD_IN"},
           "participants":[{"mediaAddress":"61001","mediaAddressType":"AGENT_DEVICE","state":"{{{agentState}}}","stateChangeTime":"{{{at}}}"},
                           {"mediaAddress":"+353858712345","state":"ACTIVE","stateChangeTime":"2026-04-20T08:37:27.480Z"}]}}
        """;

    private static AgentEvent Event(string json)
    {
        var (e, error) = AgentEventReader.Read(JsonDocument.Parse(json).RootElement, () => Guid.NewGuid().ToString());
        Assert.Null(error);
        return e!;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
