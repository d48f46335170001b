using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Timeline;

namespace CorrelationHub.Correlation.Tests;

public sealed class TimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 20, 9, 0, 0, TimeSpan.Zero);

    private static ParticipantObservation At(string state, double seconds) => new(state, T0.AddSeconds(seconds));

    [Fact]
    public void Hold_splits_the_agents_talk_but_not_the_call_and_order_does_not_matter()
    {
        ParticipantObservation[] observations = [At("ALERTING", -5), At("ACTIVE", 0), At("HELD", 60), At("ACTIVE", 90), At("WRAP_UP", 150), At("ACTIVE", 0)];
        var forward = DialogTimeline.Build(observations);
        var backward = DialogTimeline.Build(observations.Reverse());
        Assert.Equal([new TimeRange(T0, T0.AddSeconds(60)), new TimeRange(T0.AddSeconds(90), T0.AddSeconds(150))], forward.Connected);
        Assert.Equal(new TimeRange(T0, T0.AddSeconds(150)), forward.Present);
        Assert.Equal([T0, T0.AddSeconds(90)], forward.ConnectPoints);
        Assert.Equal(forward.Connected, backward.Connected);
        Assert.Equal(forward.Present, backward.Present);
    }

    [Fact]
    public void A_leg_whose_hold_was_lost_is_not_connected_while_a_later_call_on_the_phone_has_the_line()
    {
        static DialogLeg Leg(string id, params TimeRange[] connected) => new() { DialogId = id, Extension = "61001", Connected = connected };
        var original = Leg("1", new TimeRange(T0, T0.AddSeconds(120)));
        var consult = Leg("2", new TimeRange(T0.AddSeconds(60), T0.AddSeconds(80)));
        var next = Leg("3", new TimeRange(T0.AddSeconds(150), null));
        var stale = Leg("4", new TimeRange(T0.AddSeconds(140), null));

        var lines = LineOwnership.Apply([original, consult, next, stale], T0.AddSeconds(200));

        Assert.Equal([new TimeRange(T0, T0.AddSeconds(60)), new TimeRange(T0.AddSeconds(80), T0.AddSeconds(120))], lines[0].Connected);
        Assert.Same(consult, lines[1]);
        Assert.Same(next, lines[2]);
        Assert.Equal([new TimeRange(T0.AddSeconds(140), T0.AddSeconds(150))], lines[3].Connected);
        Assert.Equal(original.ConnectPoints, lines[0].ConnectPoints);
    }

    [Fact]
    public void Removal_closes_a_call_still_open_and_a_session_end_closes_it_without_claiming_when_it_ended()
    {
        var removed = DialogTimeline.Build([At("ACTIVE", 0)], T0.AddSeconds(30));
        Assert.Equal(T0.AddSeconds(30), removed.Connected.Single().End);
        Assert.Equal([T0.AddSeconds(30)], removed.DisconnectPoints);

        var open = DialogTimeline.Build([At("ACTIVE", 0)]);
        Assert.Null(open.Present!.Value.End);
        var closed = DialogTimeline.CloseAt(open, T0.AddSeconds(45));
        Assert.Equal(T0.AddSeconds(45), closed.Present!.Value.End);
        Assert.Empty(closed.DisconnectPoints);
    }

    [Fact]
    public void One_phone_one_agent_a_new_login_there_supersedes_the_previous_agent()
    {
        PresenceMark Mark(string user, string kind, string extension, double minutes) => new() { Username = user, Kind = kind, Extension = extension, First = T0.AddMinutes(minutes), Last = T0.AddMinutes(minutes) };
        var sessions = AgentSessionBuilder.Build([Mark("bob", "login", "61001", 0), Mark("bob", "seen", "61001", 1), Mark("carol", "login", "61001", 2), Mark("carol", "seen", "61001", 3)], TimeSpan.FromMinutes(3), T0.AddMinutes(4));
        Assert.Equal(("bob", "superseded", T0.AddMinutes(2)), (sessions[0].Username, sessions[0].EndReason, sessions[0].End!.Value));
        Assert.Equal(("carol", null), (sessions[1].Username, sessions[1].End));
    }

    [Fact]
    public void The_event_clock_corrects_the_gadget_clock_by_its_drift_and_never_runs_ahead_of_arrival()
    {
        AgentEvent Event(DateTimeOffset? client, long? drift) => new() { EventId = "e", Action = "heartbeat", Username = "u", Json = "{}", ClientTime = client, ClientDriftMs = drift };
        var received = T0.AddSeconds(60);
        Assert.Equal(T0, EventClock.Of(Event(T0.AddMinutes(2), 120_000), received));
        Assert.Equal(received, EventClock.Of(Event(T0.AddMinutes(5), 0), received));
        Assert.Equal(received, EventClock.Of(Event(T0, null), received));
    }
}
