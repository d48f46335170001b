using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Site;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Tests;

public class DayGeneratorTests
{
    private static SiteDescription Site(int calls = 400, int agents = 30) => new()
    {
        Name = "test",
        Seed = 5,
        DayHours = 2,
        Calls = calls,
        Agents = new AgentSection { Count = agents },
    };

    [Fact]
    public void Same_site_seed_and_speed_give_the_same_day()
    {
        var first = EvidenceAnalyzer.Analyze(new DayGenerator(Site(), 10).Generate());
        var second = EvidenceAnalyzer.Analyze(new DayGenerator(Site(), 10).Generate());

        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.Select(t => (t.Refci, t.SegmentIndex, t.DialogId, t.Expected)), second.Select(t => (t.Refci, t.SegmentIndex, t.DialogId, t.Expected)));
    }

    [Fact]
    public void The_built_in_day_has_200_agents_6000_calls_and_every_scenario_type()
    {
        var site = SiteLoader.Load("day-200");
        var day = new DayGenerator(site, 24).Generate();

        Assert.Equal(200, day.Agents.Count);
        Assert.Equal(6000, day.Calls.Count);
        string[] all = [Scenarios.Inbound, Scenarios.InboundHold, Scenarios.Outbound, Scenarios.Internal, Scenarios.ConsultTransfer, Scenarios.ConsultConference, Scenarios.BlindTransfer, Scenarios.Short, Scenarios.Long];
        Assert.All(all, scenario => Assert.Contains(day.Recordings, r => r.Scenario == scenario));
        Assert.Contains(day.Calls, c => c.RepeatCaller);
        Assert.Contains(day.Recordings, r => r.Style == RecordingStyle.Siprec);
        Assert.Contains(day.Recordings, r => r.Udp);
        Assert.Contains(day.Gadget, g => g.Lost);
        Assert.Contains(day.Gadget, g => g.Delayed);
        Assert.Contains(day.Gadget, g => g.Duplicated);
        Assert.Contains(day.Recordings.SelectMany(r => r.Segments), s => s.LostBye);
        Assert.Contains(day.Recordings.SelectMany(r => r.Segments), s => s.MissingFarLeg);
        Assert.Contains(day.Agents, a => Math.Abs(a.ClockDriftMs) >= 5_000);
        Assert.Contains(day.Agents, a => a.UsesHttpFallback);
    }

    [Fact]
    public void Dialog_ids_are_node_times_2_to_the_24_plus_the_global_call_id()
    {
        var day = new DayGenerator(Site(), 10).Generate();
        var ids = day.Gadget.Where(g => g.Dialog is not null).Select(g => long.Parse(g.Dialog!.Id)).Distinct().ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id >> 24, 1, 2));
        Assert.Contains(ids, id => id >> 24 == 1);
        Assert.Contains(ids, id => id >> 24 == 2);
    }

    [Fact]
    public void A_phone_records_one_call_at_a_time_and_no_phase_is_shorter_than_the_wall_floor()
    {
        const double speed = 20;
        var site = Site();
        var day = new DayGenerator(site, speed).Generate();
        var floor = site.Durations.MinPhaseWallMs * speed;

        foreach (var extension in day.Recordings.GroupBy(r => r.Seat.Extension))
        {
            var segments = extension.SelectMany(r => r.Segments).OrderBy(s => s.StartSim).ToList();
            for (var i = 1; i < segments.Count; i++)
            {
                Assert.True(segments[i].StartSim >= segments[i - 1].EndSim, $"segments overlap on {extension.Key} at {segments[i].StartSim}");
            }
        }

        Assert.All(day.Recordings.SelectMany(r => r.Segments), s => Assert.True(s.EndSim - s.StartSim >= floor - 1, $"segment of {s.EndSim - s.StartSim} ms"));
    }

    [Fact]
    public void A_hold_splits_one_recording_into_segments_with_the_same_refci()
    {
        var day = new DayGenerator(Site(), 10).Generate();
        var held = day.Recordings.Where(r => r.Scenario == Scenarios.InboundHold && r.Style == RecordingStyle.Cucm).ToList();

        Assert.NotEmpty(held);
        Assert.All(held, r =>
        {
            Assert.InRange(r.Segments.Count, 2, 3);
            Assert.Single(r.Segments.Select(s => s.DialogId).Distinct());
        });
    }

    [Fact]
    public void A_consult_transfer_links_each_agents_legs_to_the_dialog_they_were_on()
    {
        var day = new DayGenerator(Site(), 10).Generate();
        var call = day.Calls.First(c => c.Scenario == Scenarios.ConsultTransfer && c.Downgraded is null);
        var recordings = day.Recordings.Where(r => r.CallKey == call.CallKey).ToList();
        var original = call.DialogIds[0];
        var consult = call.DialogIds[1];

        // Agent A: customer leg (original), consult leg (consult). Agent B: consult leg (consult), then the customer (original).
        Assert.Equal(4, recordings.Count);
        Assert.Equal([original, consult, consult, original], recordings.Select(r => r.Segments[0].DialogId));
        Assert.Equal(call.Usernames[1], recordings[^1].Segments[0].Username);
        Assert.NotEqual(recordings[0].Refci, recordings[^1].Refci);
    }
}
