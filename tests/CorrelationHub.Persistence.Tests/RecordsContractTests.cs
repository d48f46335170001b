using CorrelationHub.Correlation.Cti;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Persistence.Tests.Engines;
using CorrelationHub.Persistence.Tests.Scenarios;
using CorrelationHub.TestSupport;
using Dapper;

namespace CorrelationHub.Persistence.Tests;

/// <summary>Export, rebuild, finalisation, legal holds, retention, CTI import, compliance and the live query against a real database, per engine.</summary>
public abstract class RecordsContractTests : StoreContractBase
{
    [Fact]
    public async Task Export_lists_uncorrelated_segments_and_unrecorded_legs_filters_and_merges_by_time()
    {
        var facts = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        await facts.WriteAsync(Fact("SegmentStarted", "r1", "61001", T0.AddMinutes(-5), null), T0);
        await facts.WriteAsync(Fact("SegmentEnded", "r1", "61001", T0.AddMinutes(-5), T0.AddMinutes(-4)), T0);
        await Submit(Event(DialogJson("ACTIVE", "2026-04-20T08:37:27.480Z")), T0);
        await facts.WriteAsync(Fact("SegmentStarted", "r2", "61002", T0.AddMinutes(5), null), T0);

        var rows = await Export(new CallFilter());
        Assert.Equal(["r1", null, "r2"], rows.Select(r => r.RecordingId));
        Assert.Equal(["unmatched_recording", "no_recording", "unmatched_recording"], rows.Select(r => r.MatchStatus));
        Assert.Equal("not correlated yet", rows[0].MatchReason);
        Assert.Equal(60.0, rows[0].RecordingSeconds);
        Assert.Equal("16798406", rows[1].DialogId);

        Assert.Equal(["r2"], (await Export(new CallFilter { Extension = "61002" })).Select(r => r.RecordingId));
        Assert.Equal(["16798406"], (await Export(new CallFilter { Status = "no_recording" })).Select(r => r.DialogId));
        Assert.Equal(2, (await Export(new CallFilter { FromMs = T0.AddMinutes(-1).ToUnixTimeMilliseconds() })).Count);
        Assert.Single(await Export(new CallFilter { Limit = 1 }));
    }

    [Fact]
    public async Task Export_streams_matched_unlinked_and_unrecorded_rows_interleaved_in_time()
    {
        // A matched segment (a link with a real confidence), a segment no link names yet, an unmatched one and a
        // dialog leg without recording, alternating in time: every row must come through, in time order.
        await using (var connection = await Db.OpenAsync())
        {
            var t = T0.ToUnixTimeMilliseconds();
            for (var i = 0; i < 8; i++)
            {
                var at = t + (i * 60_000);
                var id = "rec" + i;
                var dialog = (16_800_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await connection.ExecuteAsync("INSERT INTO agents (username, first_name, last_name, extension, team_name, logged_in, last_seen_ms) VALUES (@u, 'Ann', 'Agent', '61001', 'Billing', 0, @at) ON CONFLICT (username) DO NOTHING", new { u = "ann", at });
                if (i % 4 != 3)
                {
                    await connection.ExecuteAsync("INSERT INTO recordings (recording_id, source, agent_extension, refci, start_ms, end_ms, last_fact_ms) VALUES (@id, 'cucm-bib', '61001', @id, @at, @end, @end)", new { id, at, end = at + 30_000 });
                    await connection.ExecuteAsync("INSERT INTO recording_segments (recording_id, segment_index, agent_extension, start_ms, end_ms, audio_seconds, last_fact_ms) VALUES (@id, 1, '61001', @at, @end, 30.5, @end)", new { id, at, end = at + 30_000 });
                }

                if (i % 4 is 0 or 3)
                {
                    await connection.ExecuteAsync("INSERT INTO dialogs (dialog_id, media_type, state, call_type, snapshot_ms, first_seen_ms, last_seen_ms) VALUES (@dialog, 'Voice', 'DROPPED', 'ACD_IN', @at, @at, @at)", new { dialog, at });
                    await connection.ExecuteAsync("INSERT INTO dialog_legs (dialog_id, extension, username, start_ms, end_ms, first_seen_ms, last_seen_ms) VALUES (@dialog, '61001', 'ann', @at, @end, @at, @end)", new { dialog, at, end = at + 30_000 });
                }

                var link = (i % 4) switch
                {
                    0 => "INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms) VALUES (@id, 1, 0, @dialog, '61001', 'ann', 'matched', 0.9375, 'starts together', 1, @at)",
                    2 => "INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms) VALUES (@id, 1, 0, NULL, '61001', 'ann', 'unmatched_recording', 0, 'no dialog', 0, @at)",
                    _ => null,
                };
                if (link is not null)
                {
                    await connection.ExecuteAsync(link, new { id, dialog, at });
                }
            }
        }

        var rows = await Export(new CallFilter());
        string[] cycle = ["matched", "unmatched_recording", "unmatched_recording", "no_recording"];
        Assert.Equal([.. cycle, .. cycle], rows.Select(r => r.MatchStatus));
        Assert.Equal([0.9375, 0, 0, 0, 0.9375, 0, 0, 0], rows.Select(r => r.MatchConfidence));
        Assert.Equal(["not correlated yet", "no dialog"], rows.Take(3).Skip(1).Select(r => r.MatchReason));
        Assert.Equal([true, false, false, false], rows.Take(4).Select(r => r.Final));
        Assert.Equal([30.5, 30.5, 30.5, null], rows.Take(4).Select(r => r.RecordingSeconds));
        Assert.Equal([0, null, 0, null], rows.Take(4).Select(r => r.LinkRank));
        Assert.Equal(("16800000", "Ann Agent", "Billing", "rec0"), (rows[0].DialogId, rows[0].AgentName, rows[0].TeamName, rows[0].Refci));
        Assert.Equal(rows.Select(r => r.SortMs).Order(), rows.Select(r => r.SortMs));
    }

    [Fact]
    public async Task Stored_facts_rebuild_every_conclusion_after_derived_state_is_lost()
    {
        var scenario = Scenario.Load("two-calls-one-extension");
        await using var runner = new ScenarioRunner(scenario, Db);
        var before = await runner.PlayInOrderAsync();

        await using (var connection = await Db.OpenAsync())
        {
            foreach (var table in new[] { "links", "segment_keys", "recording_segments", "recordings", "dialog_keys", "dialog_participant_states", "dialog_legs", "dialogs", "agent_states", "agent_presence", "agents" })
            {
                await connection.ExecuteAsync($"DELETE FROM {table}");
            }
        }

        Assert.Empty(await runner.ExportAsync());
        var (events, recordingFacts) = await new Replayer(Db, Gate, Settings).ReplayAsync(scenario.Time("00:00:00"), scenario.Time("23:59:59"));
        Assert.Equal(scenario.Timeline.Count(e => e!["agent"] is not null), events);
        Assert.Equal(scenario.Timeline.Count(e => e!["recording"] is not null), recordingFacts);
        ScenarioAssert.Same("rebuilt from facts", before, await runner.RecorrelateAllAtEndAsync());
    }

    [Fact]
    public async Task Finalisation_marks_quiet_links_final_and_a_late_fact_reopens_them()
    {
        var scenario = Scenario.Load("inbound");
        await using var runner = new ScenarioRunner(scenario, Db);
        await runner.PlayInOrderAsync();
        var clock = new FakeTimeProvider(runner.End.AddMinutes(10));
        var store = new FinalizationStore(Db, Gate);
        var recorrelator = new Recorrelator(Db, Gate, clock, Settings);
        var cutoff = clock.GetUtcNow().AddMinutes(-5).ToUnixTimeMilliseconds();

        var windows = await store.QuietWindowsAsync(cutoff);
        Assert.Equal("61001", Assert.Single(windows).Extension);
        foreach (var window in windows)
        {
            await recorrelator.RunWindowAsync(window, finalize: true);
        }

        Assert.Equal(1, await store.FinalizeLegsAsync(cutoff, clock.GetUtcNow().ToUnixTimeMilliseconds()));
        Assert.True(Assert.Single(await runner.ExportAsync()).Final);
        Assert.Empty(await store.QuietWindowsAsync(cutoff));

        // A late snapshot of another dialog on the phone, overlapping the recording: the conclusion changes, provisional again.
        // (This writer's scheduler learns about stored recordings as the host's does at start.)
        foreach (var (extension, from, to) in await new RecordingStore(Db).RecordedSpansAsync(0))
        {
            Scheduler.NoteRecording(extension, from, to);
        }

        await Submit(Event("""
            {"action":"dialog","username":"012345","extension":"61001","change":"updated",
             "dialog":{"id":"16798499","state":"ACTIVE","fromAddress":"+353858712345","mediaProperties":{"callType":"PREROUTE_ACD_IN"},
               "participants":[{"mediaAddress":"61001","state":"ACTIVE","stateChangeTime":"2026-04-20T08:37:27.480Z"},
                               {"mediaAddress":"61001","state":"WRAP_UP","stateChangeTime":"2026-04-20T08:38:40.900Z"}]}}
            """), clock.GetUtcNow());
        await recorrelator.RunPendingAsync(Scheduler);
        var rows = await runner.ExportAsync();
        Assert.All(rows.Where(r => r.RecordingId is not null), r => Assert.Equal(("ambiguous", false), (r.MatchStatus, r.Final)));
    }

    [Fact]
    public async Task Legal_holds_are_placed_released_listed_and_logged()
    {
        var holds = new LegalHoldStore(Db, Gate);
        Assert.False(await holds.PlaceAsync("nope", "litigation", "alice", 1));
        var facts = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        await facts.WriteAsync(Fact("SegmentStarted", "r1", "61001", T0, null), T0);
        Assert.True(await holds.PlaceAsync("r1", "litigation 2026-17", "alice", 1000));
        Assert.Equal("litigation 2026-17", (await holds.GetAsync("r1"))!.Reason);
        Assert.Equal("r1", Assert.Single(await holds.ListAsync()).RecordingId);
        Assert.True(await holds.ReleaseAsync("r1", "case closed", "bob", 2000));
        Assert.False(await holds.ReleaseAsync("r1", null, null, 3000));
        Assert.Empty(await holds.ListAsync());
        Assert.Equal(2, await Count("legal_hold_log WHERE recording_id = 'r1'"));
    }

    [Fact]
    public async Task Retention_deletes_old_audio_and_rows_but_keeps_holds_their_dialogs_and_undeletable_files()
    {
        var scenario = Scenario.Load("two-calls-one-extension");
        await using var runner = new ScenarioRunner(scenario, Db);
        await runner.PlayInOrderAsync();
        var holds = new LegalHoldStore(Db, Gate);
        Assert.True(await holds.PlaceAsync("r2", "complaint", null, 1));

        var deleted = new List<string>();
        var cutoff = scenario.Time("23:00:00").ToUnixTimeMilliseconds();
        var result = await new RetentionStore(Db, Gate).PurgeAsync(cutoff, file =>
        {
            deleted.Add(file);
            return true;
        });

        Assert.Equal(1, result.Recordings);
        Assert.Equal(2, result.AudioFiles);
        Assert.Equal(1, result.HeldRecordingsKept);
        Assert.All(deleted, f => Assert.Contains("/r1-", f, StringComparison.Ordinal));
        var rows = await runner.ExportAsync();
        var kept = Assert.Single(rows);
        Assert.Equal(("r2", "16800502", "matched"), (kept.RecordingId, kept.DialogId, kept.MatchStatus));
        Assert.Equal(0, await Count("recording_facts WHERE recording_id = 'r1'"));
        Assert.Equal(0, await Count("dialogs WHERE dialog_id = '16800501'"));
        Assert.Equal(1, await Count("dialogs WHERE dialog_id = '16800502'"));
        Assert.Equal(0, await Count("agent_events WHERE dialog_id = '16800501'"));

        Assert.True(await holds.ReleaseAsync("r2", null, null, 2));
        var refused = await new RetentionStore(Db, Gate).PurgeAsync(cutoff, _ => false);
        Assert.Equal(0, refused.Recordings);
        Assert.Equal(1, await Count("recordings WHERE recording_id = 'r2'"));
    }

    [Fact]
    public async Task A_cti_trace_import_stores_the_pair_once_and_schedules_the_recording_that_carries_it()
    {
        var facts = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        await facts.WriteAsync(Fact("SegmentStarted", "r-b", "61001", T0, null, refci: "34446813"), T0);
        Scheduler.TakeAll();
        var legs = CtiTraceParser.ParseAll(new StringReader(RepoPaths.FixtureText("cti/cucm-sdl-ctinewcallnotify.log")), new DateOnly(2026, 4, 20)).ToList();
        var store = new CtiStore(Db, Gate, Scheduler, Settings);

        var first = await store.ImportAsync(legs, 1);
        Assert.Equal((1, 1, 1, 1), (first.Lines, first.Pairs, first.NewPairs, first.MatchingSegments));
        Assert.Equal("61001", Assert.Single(Scheduler.TakeAll()).Extension);
        Assert.Equal(0, (await store.ImportAsync(legs, 2)).NewPairs);
        Assert.Equal(2, await Count("dialog_keys WHERE dialog_id = '16798494' AND extension = '61001' AND source = 'cti'"));
    }

    [Fact]
    public async Task Compliance_figures_count_recorded_dialogs_matched_recordings_and_latency_per_day_team_and_agent()
    {
        var scenario = Scenario.Load("agent-change");
        await using var runner = new ScenarioRunner(scenario, Db);
        await runner.PlayInOrderAsync();
        var day = scenario.Time("00:00:00");
        var report = await new ComplianceQuery(Db).ComputeAsync(day.ToUnixTimeMilliseconds(), day.AddDays(1).ToUnixTimeMilliseconds());

        Assert.Equal((3, 3, 1.0), (report.Overall.VoiceDialogs, report.Overall.RecordedDialogs, report.Overall.RecordingSuccessRate));
        Assert.Equal((4, 3, 1, 0.75), (report.Overall.Recordings, report.Overall.MatchedRecordings, report.Overall.UnmatchedRecordings, report.Overall.MetadataMatchRate));

        // Latency: call end (agent's drop) to file available (when the finished segment's fact arrived): 0.4 s for the
        // calls whose end Finesse reported; Bob's second call has no reported end and gives no sample.
        Assert.Equal(2, report.Overall.LatencySamples);
        Assert.Equal(0.4, report.Overall.LatencyMedianSeconds);
        Assert.Equal("2026-04-20", Assert.Single(report.ByDay).Group);
        Assert.Equal(["012345", "012347"], report.ByAgent.Select(a => a.Group));
        Assert.Equal((2, 2), (report.ByAgent[0].VoiceDialogs, report.ByAgent[0].MatchedRecordings));
        Assert.Equal((1, 2, 1), (report.ByAgent[1].VoiceDialogs, report.ByAgent[1].Recordings, report.ByAgent[1].MatchedRecordings));
        Assert.Contains(report.ByTeam, t => t.Group == "Retention" && t.Recordings == 2);
    }

    [Fact]
    public async Task The_live_query_shows_each_segment_with_its_best_link()
    {
        var scenario = Scenario.Load("ambiguous");
        await using var runner = new ScenarioRunner(scenario, Db);
        await runner.PlayInOrderAsync();
        var segment = Assert.Single(await new LiveQuery(Db).SegmentsForExtensionAsync("61001", 0, 10));
        Assert.Equal(("ambiguous", "16800901"), (segment.Status, segment.DialogId));
    }

    /// <summary>Submits and waits until the writer has applied everything (stage 2 runs behind the acknowledgement).</summary>

}

public sealed class SqliteRecordsTests : RecordsContractTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresRecordsTests : RecordsContractTests
{
    protected override Engine Engine => Engine.Postgres;
}
