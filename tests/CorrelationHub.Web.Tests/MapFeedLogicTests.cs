using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Tests;

/// <summary>The map feed's pure parts: a reader's deltas (teams, removals, versions), change notes, flush timing.</summary>
public sealed class MapFeedLogicTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 20, 8, 37, 27, 480, TimeSpan.Zero);

    [Fact]
    public void A_reader_gets_only_its_teams_rows_and_a_removal_when_one_leaves_them()
    {
        var reader = new MapSubscriber("c1", new TeamScope(false, new HashSet<string> { "t1" }), version: 7);
        var (agents, unmatched) = reader.Admit([Agent("a1", "t1"), Agent("b1", "t2"), Agent("x", null)], [Segment("r1#1", "t1"), Segment("r2#1", null)]);
        Assert.Equal(["a1"], agents.Select(a => a.Username));
        Assert.Equal(["r1#1"], unmatched.Select(s => s.Key));

        var delta = reader.DeltaFor(Update(("a1", Agent("a1", "t1")), ("b1", Agent("b1", "t2"))), "e", 8, "now");
        Assert.NotNull(delta);
        Assert.Equal((7L, 8L), (delta.From, delta.To));
        Assert.Equal(["a1"], delta.Agents.Select(a => a.Username));
        Assert.Empty(delta.Removed);

        Assert.Null(reader.DeltaFor(Update(("b1", Agent("b1", "t2"))), "e", 9, "now"));
        Assert.Equal(8, reader.Version);

        // a1 moves to another team, then signs out: one removal, then nothing (it is no longer shown).
        var moved = reader.DeltaFor(Update(("a1", Agent("a1", "t2"))), "e", 10, "now");
        Assert.Equal((8L, 10L), (moved!.From, moved.To));
        Assert.Equal(["a1"], moved.Removed);
        Assert.Empty(moved.Agents);
        Assert.Null(reader.DeltaFor(Update(("a1", null)), "e", 11, "now"));
    }

    [Fact]
    public void Unmatched_segments_are_upserted_while_unmatched_and_removed_once_linked()
    {
        var reader = new MapSubscriber("c1", TeamScope.Everything, version: 0);
        reader.Admit([], [Segment("r1#1", null)]);
        var linked = reader.DeltaFor(new MapUpdate(new Dictionary<string, LiveAgent?>(), [("r1#1", null), ("r2#1", Segment("r2#1", null))]), "e", 1, "now");
        Assert.Equal(["r1#1"], linked!.UnmatchedRemoved);
        Assert.Equal(["r2#1"], linked.Unmatched.Select(s => s.Key));
    }

    [Fact]
    public void Everything_sees_rows_without_a_team_and_nothing_sees_none()
    {
        Assert.Single(new MapSubscriber("a", TeamScope.Everything, 0).Admit([Agent("x", null)], []).Agents);
        Assert.Empty(new MapSubscriber("b", TeamScope.Nothing, 0).Admit([Agent("a1", "t1"), Agent("x", null)], []).Agents);
    }

    [Fact]
    public void A_reader_that_falls_behind_loses_newer_messages_and_says_so()
    {
        var reader = new MapSubscriber("c1", TeamScope.Everything, 0);
        for (var i = 0; i < MapSubscriber.QueueLimit; i++)
        {
            Assert.True(reader.Enqueue(new MapTick("e", i, "now")));
        }

        Assert.False(reader.Enqueue(new MapTick("e", 99, "now")));
        Assert.Equal(1, reader.Dropped);
    }

    [Fact]
    public void Change_notes_keep_each_key_once_with_its_earliest_time_and_an_agent_takes_its_extensions()
    {
        var changes = new MapChanges();
        changes.Add(new MapChangeNote(MapChangeKind.Agent, "a1", T0.AddMilliseconds(30)));
        changes.Add(new MapChangeNote(MapChangeKind.Agent, "a1", T0.AddMilliseconds(10)));
        changes.Add(new MapChangeNote(MapChangeKind.Extension, "61001", T0.AddMilliseconds(5)));
        changes.Add(new MapChangeNote(MapChangeKind.Recording, "r1", T0));
        Assert.Equal(T0.AddMilliseconds(10), changes.Agents["a1"]);
        Assert.Equal(T0.AddMilliseconds(5), changes.ObservedFor("a1", "61001"));
        Assert.Equal(T0.AddMilliseconds(10), changes.ObservedFor("a1", "61009"));
        Assert.Null(changes.ObservedFor("b1", null));
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void The_first_change_after_a_quiet_spell_goes_at_once_then_one_flush_per_interval()
    {
        var interval = TimeSpan.FromMilliseconds(200);
        var minimum = TimeSpan.FromMilliseconds(10);
        Assert.Equal(minimum, FlushSchedule.Delay(null, T0, interval, minimum));
        Assert.Equal(minimum, FlushSchedule.Delay(T0, T0.AddSeconds(5), interval, minimum));
        Assert.Equal(TimeSpan.FromMilliseconds(150), FlushSchedule.Delay(T0, T0.AddMilliseconds(50), interval, minimum));
        Assert.Equal(minimum, FlushSchedule.Delay(T0, T0.AddMilliseconds(195), interval, minimum));
    }

    [Fact]
    public void A_live_segments_no_audio_alarm_follows_its_latest_media_alarm_a_finished_one_keeps_its_flags()
    {
        var live = new CorrelationHub.Persistence.Records.LiveSegmentRow { RecordingId = "r", SegmentIndex = 1, Flags = "codec-mismatch,no-audio", LiveFlags = [] };
        Assert.Equal(["codec-mismatch"], LiveMapReader.Alarms(live));
        Assert.Equal(["codec-mismatch", "no-audio"], LiveMapReader.Alarms(live with { LiveFlags = ["no-audio"] }));
        Assert.Equal(["codec-mismatch", "no-audio"], LiveMapReader.Alarms(live with { LiveFlags = null }));
        Assert.Equal(["codec-mismatch", "no-audio"], LiveMapReader.Alarms(live with { EndMs = 1 }));
    }

    private static MapUpdate Update(params (string Username, LiveAgent? Row)[] rows) =>
        new(rows.ToDictionary(r => r.Username, r => r.Row), []);

    private static LiveAgent Agent(string username, string? team) =>
        new(username, null, null, "61001", team, team, "READY", null, null, null, "2026-04-20T08:37:27.480Z", null, [], []);

    private static LiveSegment Segment(string key, string? team) =>
        new(key, key.Split('#')[0], 1, "61001", null, "2026-04-20T08:37:27.480Z", null, null, false, "unmatched_recording", null, [], null, [], null, team, team);
}
