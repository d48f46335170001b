using System.Text.Json;
using CorrelationHub.Correlation.Cti;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Persistence.Tests.Engines;
using CorrelationHub.Persistence.Tests.Scenarios;
using CorrelationHub.TestSupport;
using Dapper;

namespace CorrelationHub.Persistence.Tests;

/// <summary>The stores and the fact pipeline against a real database, run once per engine (SQLite file, PostgreSQL).</summary>
public abstract class StoreContractTests : EventPipelineContract
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
                Assert.True(await AgentEventProjector.InsertFactAsync(commands, Event(json), T0, T0, CancellationToken.None));
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
    private async Task<bool> Submit(AgentEvent e, DateTimeOffset received)
    {
        var isNew = await Writer.SubmitAsync(e, received);
        await Writer.WhenAppliedAsync();
        return isNew;
    }

    private async Task<List<CallRecord>> Export(CallFilter filter)
    {
        var rows = new List<CallRecord>();
        await foreach (var row in new CallQuery(Db).StreamAsync(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<long> Count(string from)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {from}");
    }

    private static JsonElement Fact(string kind, string recordingId, string extension, DateTimeOffset start, DateTimeOffset? end, string? refci = null) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["recordingId"] = recordingId,
            ["segmentIndex"] = 1,
            ["occurredAt"] = end ?? start,
            ["source"] = "cucm-bib",
            ["agentExtension"] = extension,
            ["farEndAddress"] = "+353858712345",
            ["refCi"] = refci,
            ["segmentStart"] = start,
            ["segmentEnd"] = end,
            ["audioFile"] = end is null ? null : $"{recordingId}-01.wav",
            ["audioSeconds"] = end is null ? null : (end.Value - start).TotalSeconds,
        });

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
}

public sealed class SqliteStoreTests : StoreContractTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresStoreTests : StoreContractTests
{
    protected override Engine Engine => Engine.Postgres;
}
