using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Persistence.Tests.Engines;
using CorrelationHub.Persistence.Tests.Scenarios;

namespace CorrelationHub.Persistence.Tests;

/// <summary>The live map's reads (snapshot and delta queries), the call detail's and the number pre-filter, once per engine.</summary>
public abstract class LiveMapQueryContractTests : EventPipelineContract
{
    [Fact]
    public async Task Signed_in_agents_their_open_dialogs_and_agents_by_name_or_extension()
    {
        await SeedAsync();
        var query = new LiveMapQuery(Db);

        var signedIn = await query.SignedInAsync();
        Assert.Equal(["u1", "u2"], signedIn.Select(a => a.Username));
        Assert.Equal(("t1", "Billing", "TALKING", true), (signedIn[0].TeamId, signedIn[0].TeamName, signedIn[0].State, signedIn[0].LoggedIn));
        Assert.Equal(T0.AddSeconds(1).ToUnixTimeMilliseconds(), signedIn[0].LoginMs); // without clientDriftMs, a login is placed at its receive time

        // A signed-out agent named explicitly is returned (the map removes it); by extension only signed-in agents.
        var touched = await query.AgentsAsync(["u3"], ["61002", "69999"]);
        Assert.Equal([("u2", true), ("u3", false)], touched.Select(a => (a.Username, a.LoggedIn)));

        var dialog = Assert.Single(await query.OpenDialogsAsync(["u1", "u2"]));
        Assert.Equal(("16798406", "u1", "61001", "PREROUTE_ACD_IN", "ACTIVE"), (dialog.DialogId, dialog.Username, dialog.Extension, dialog.CallType, dialog.AgentState));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), dialog.StartMs);
        Assert.Empty(await query.OpenDialogsAsync(["u2"]));
    }

    [Fact]
    public async Task Recent_and_live_segments_with_team_and_the_latest_live_alarm()
    {
        await SeedAsync();
        var facts = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        await facts.WriteAsync(Fact("SegmentStarted", "r1", "61001", T0.AddSeconds(1), null), T0.AddSeconds(1));
        await facts.WriteAsync(Fact("MediaAlarm", "r1", "61001", T0.AddSeconds(1), null, occurred: T0.AddSeconds(6), flags: ["no-audio"]), T0.AddSeconds(6));
        await facts.WriteAsync(Fact("MediaAlarm", "r1", "61001", T0.AddSeconds(1), null, occurred: T0.AddSeconds(8), flags: []), T0.AddSeconds(8));
        await facts.WriteAsync(Fact("SegmentStarted", "r2", "61002", T0.AddSeconds(2), null), T0.AddSeconds(2));
        await facts.WriteAsync(Fact("MediaAlarm", "r2", "61002", T0.AddSeconds(2), null, occurred: T0.AddSeconds(7), flags: ["no-audio"]), T0.AddSeconds(7));
        await facts.WriteAsync(Fact("SegmentStarted", "old", "61002", T0.AddHours(-2), null), T0.AddHours(-2));
        await facts.WriteAsync(Fact("SegmentEnded", "old", "61002", T0.AddHours(-2), T0.AddHours(-2).AddMinutes(1)), T0.AddHours(-2));
        var query = new LiveMapQuery(Db);
        var since = T0.AddMinutes(-30).ToUnixTimeMilliseconds();
        var openSince = T0.AddHours(-12).ToUnixTimeMilliseconds();

        var all = await query.SegmentsAsync(null, [], [], since, openSince);
        Assert.Equal(["r2#1", "r1#1"], all.Select(s => s.Key));
        var r1 = all[1];
        Assert.Equal(("unmatched_recording", "t1", "Billing", false), (r1.Status, r1.TeamId, r1.TeamName, r1.HasAudio));
        Assert.Empty(r1.LiveFlags!);
        Assert.Equal("no-audio", r1.Flags);
        Assert.Equal(["no-audio"], all[0].LiveFlags!);
        Assert.Equal("t2", all[0].TeamId);

        Assert.Equal(["r2#1"], (await query.SegmentsAsync(["61002"], [], [], since, openSince)).Select(s => s.Key));
        Assert.Equal(["old#1"], (await query.SegmentsAsync([], ["old"], [], since, openSince)).Select(s => s.Key));
        var old = Assert.Single(await query.SegmentsAsync([], ["old"], [], since, openSince));
        Assert.Null(old.LiveFlags);
        Assert.True(old.HasAudio);
    }

    [Fact]
    public async Task An_ambiguous_segment_names_every_candidate_and_each_dialog_finds_it()
    {
        await using var runner = new ScenarioRunner(Scenario.Load("ambiguous"), Db);
        await runner.PlayInOrderAsync();
        var query = new LiveMapQuery(Db);

        var segment = Assert.Single(await query.SegmentsAsync(["61001"], [], [], 0, 0));
        Assert.Equal(("ambiguous", "16800901"), (segment.Status, segment.DialogId));
        Assert.Equal(["16800901", "16800902"], segment.Candidates);
        Assert.Equal("r-amb#1", Assert.Single(await query.SegmentsAsync([], [], ["16800902"], 0, 0)).Key);

        var detail = await new DialogDetailQuery(Db).GetAsync("16800902");
        Assert.NotNull(detail);
        Assert.Equal(("61001", "012345"), (Assert.Single(detail.Legs).Extension, detail.Legs[0].Username));
        Assert.Contains(detail.Participants, p => p.MediaAddress == "61001" && p.State == "DROPPED");
        var linked = Assert.Single(detail.Segments);
        Assert.Equal(("r-amb", "70000001"), (linked.Segment.RecordingId, linked.Refci));
        Assert.Equal([("16800901", 0, "ambiguous"), ("16800902", 1, "ambiguous")], linked.Links.Select(l => (l.DialogId!, l.Rank, l.Status)));
        Assert.Null(await new DialogDetailQuery(Db).GetAsync("nope"));
    }

    [Fact]
    public async Task The_number_pattern_narrows_recordings_and_unrecorded_dialogs_by_any_address()
    {
        await SeedAsync();
        var facts = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        await facts.WriteAsync(Fact("SegmentStarted", "r9", "61009", T0.AddMinutes(-3), null, farEnd: "0851231234"), T0);
        var rows = new List<CallRecord>();
        await foreach (var row in new CallQuery(Db).StreamAsync(new CallFilter { NumberPattern = "%712345%" }))
        {
            rows.Add(row);
        }

        Assert.Equal([("16798406", "no_recording")], rows.Select(r => (r.DialogId!, r.MatchStatus!)));
        var bySegment = new List<CallRecord>();
        await foreach (var row in new CallQuery(Db).StreamAsync(new CallFilter { NumberPattern = "%231234%" }))
        {
            bySegment.Add(row);
        }

        Assert.Equal(["r9"], bySegment.Select(r => r.RecordingId));
    }

    /// <summary>u1 (team t1) on a call on 61001, u2 (t2) idle on 61002, u3 signed in and out.</summary>
    private async Task SeedAsync()
    {
        await Submit("""{"action":"login","username":"u1","extension":"61001","firstName":"Bob","teamId":"t1","teamName":"Billing","clientTime":"2026-04-20T08:37:27.480Z"}""");
        await Submit("""{"action":"state","username":"u1","extension":"61001","state":"TALKING","stateChangeTime":"2026-04-20T08:37:27.500Z"}""");
        await Submit("""{"action":"login","username":"u2","extension":"61002","teamId":"t2","teamName":"Collections","clientTime":"2026-04-20T08:37:27.480Z"}""");
        await Submit("""{"action":"login","username":"u3","extension":"61003","teamId":"t1","clientTime":"2026-04-20T08:30:00.000Z"}""");
        await Submit("""{"action":"logout","username":"u3","clientTime":"2026-04-20T08:35:00.000Z"}""");
        await Submit("""
            {"action":"dialog","username":"u1","extension":"61001","change":"added",
             "dialog":{"id":"16798406","state":"ACTIVE","fromAddress":"+353858712345","toAddress":"61001","mediaProperties":{"callType":"PREROUTE_ACD_IN"},
               "participants":[{"mediaAddress":"61001","mediaAddressType":"AGENT_DEVICE","state":"ACTIVE","stateChangeTime":"2026-04-20T08:37:27.480Z"},
                               {"mediaAddress":"+353858712345","state":"ACTIVE","stateChangeTime":"2026-04-20T08:37:27.480Z"}]}}
            """);
    }

    private async Task Submit(string json)
    {
        var (e, error) = AgentEventReader.Read(JsonDocument.Parse(json).RootElement, () => Guid.NewGuid().ToString());
        Assert.Null(error);
        await Writer.SubmitAsync(e!, T0.AddSeconds(1));
        await Writer.WhenAppliedAsync();
    }

    private static JsonElement Fact(string kind, string recordingId, string extension, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset? occurred = null, string[]? flags = null, string farEnd = "+353858712345") =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["recordingId"] = recordingId,
            ["segmentIndex"] = 1,
            ["occurredAt"] = occurred ?? end ?? start,
            ["source"] = "cucm-bib",
            ["agentExtension"] = extension,
            ["farEndAddress"] = farEnd,
            ["segmentStart"] = start,
            ["segmentEnd"] = end,
            ["audioFile"] = end is null ? null : $"{recordingId}-01.wav",
            ["audioSeconds"] = end is null ? null : (end.Value - start).TotalSeconds,
            ["flags"] = flags ?? [],
        });
}

public sealed class SqliteLiveMapQueryTests : LiveMapQueryContractTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresLiveMapQueryTests : LiveMapQueryContractTests
{
    protected override Engine Engine => Engine.Postgres;
}
