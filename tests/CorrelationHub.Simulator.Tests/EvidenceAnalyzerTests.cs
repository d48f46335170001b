using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Site;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Tests;

public class EvidenceAnalyzerTests
{
    private static readonly AgentIdentity Agent = new("012345", "Bob", "Bobster", "5002", "Billing", "5031", false, 0);

    [Fact]
    public void A_segment_is_matched_when_only_its_dialog_shows_the_agent_connected()
    {
        var day = Day(Connected("16798406", "+353858712345", 10_000, 70_000), Recording(10_200, 70_000, "16798406", "+353858712345"));

        var truth = Assert.Single(EvidenceAnalyzer.Analyze(day));

        Assert.Equal("matched", truth.Expected);
        Assert.Empty(truth.TwinDialogIds);
    }

    [Fact]
    public void Two_dialogs_on_the_extension_with_identical_evidence_make_the_segment_ambiguous()
    {
        var day = Day(
            [.. Connected("16798406", "+353858712345", 10_000, 70_000), .. Connected("16798407", "0858712345", 10_300, 70_400)],
            Recording(10_200, 70_000, "16798406", "+353858712345"));

        var truth = Assert.Single(EvidenceAnalyzer.Analyze(day));

        Assert.Equal("ambiguous", truth.Expected);
        Assert.Equal(["16798407"], truth.TwinDialogIds);
    }

    [Fact]
    public void A_different_far_end_decides_between_dialogs_at_the_same_time()
    {
        var day = Day(
            [.. Connected("16798406", "+353858712345", 10_000, 70_000), .. Connected("16798407", "+353851231234", 10_300, 70_400)],
            Recording(10_200, 70_000, "16798406", "+353858712345"));

        Assert.Equal("matched", Assert.Single(EvidenceAnalyzer.Analyze(day)).Expected);
    }

    [Fact]
    public void When_the_events_showing_the_agent_connected_were_lost_the_segment_cannot_be_linked()
    {
        var events = Connected("16798406", "+353858712345", 10_000, 70_000).Select(e => e with { Lost = true }).ToList();
        var day = Day(events, Recording(10_200, 70_000, "16798406", "+353858712345"));

        Assert.Equal("unmatched_recording", Assert.Single(EvidenceAnalyzer.Analyze(day)).Expected);
    }

    [Fact]
    public void A_segment_the_starved_player_sent_after_the_call_is_judged_on_when_it_was_sent()
    {
        var origin = new DateTimeOffset(2026, 4, 20, 9, 0, 0, TimeSpan.Zero);
        var day = Day(Connected("16798406", "+353858712345", 10_000, 20_000), Recording(10_200, 20_000, "16798406", "+353858712345"));
        var planned = Assert.Single(EvidenceAnalyzer.Analyze(day));
        Assert.Equal("matched", planned.Expected);

        // Sent 12 s late (after the agent had hung up at 20 s) and ended just after: nothing shows the agent on it then.
        planned.InviteSentUtc = Iso(origin.AddMilliseconds(22_400));
        planned.ByeSentUtc = Iso(origin.AddMilliseconds(22_600));
        planned.InviteLateMs = 12_000;
        planned.ByeLateMs = 2_550;
        var played = Assert.Single(EvidenceAnalyzer.Reassess(day, [planned], origin));
        Assert.Equal("unmatched_recording", played.Expected);
        Assert.Contains(EvidenceAnalyzer.LatePlay, played.Faults);
        Assert.Equal(planned.InviteSentUtc, played.InviteSentUtc);

        // Late only because the recorder answered slowly: the player's own waits were on time, the truth stands.
        var slowProduct = planned with { Expected = "matched", Faults = [], InviteLateMs = 0, ByeLateMs = 0 };
        Assert.Same(slowProduct, Assert.Single(EvidenceAnalyzer.Reassess(day, [slowProduct], origin)));
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("+353851231234", "00851231234", true)]
    [InlineData("+353851231234", "0851231234", true)]
    [InlineData("+353851231234", "+353851231299", false)]
    public void Numbers_compare_by_their_last_nine_digits(string a, string b, bool same) => Assert.Equal(same, EvidenceAnalyzer.SameNumber(a, b));

    private static DayPlan Day(IReadOnlyList<GadgetAction> gadget, RecordingPlan recording) =>
        new(new SiteDescription(), 1, 100_000, [Agent], gadget, [recording], []);

    private static IReadOnlyList<GadgetAction> Connected(string dialogId, string farEnd, long from, long to)
    {
        GadgetAction Event(long at, string state, int sequence) => new()
        {
            AtSim = at,
            DelayMs = 100,
            Agent = Agent,
            Extension = "61001",
            Kind = GadgetKind.Dialog,
            EventId = Guid.NewGuid(),
            Change = "updated",
            Dialog = new DialogSnapshot(dialogId, "ACTIVE", farEnd, "61001", "PREROUTE_ACD_IN", new Dictionary<string, string>(),
                [new ParticipantSnapshot("61001", "AGENT_DEVICE", state, from, at), new ParticipantSnapshot(farEnd, string.Empty, "ACTIVE", from, from)], null, null),
            Sequence = sequence,
        };

        return [Event(from, "ACTIVE", 0), Event(to, "WRAP_UP", 1)];
    }

    private static RecordingPlan Recording(long start, long end, string dialogId, string farEnd)
    {
        var plan = new RecordingPlan
        {
            Key = "R1",
            Style = RecordingStyle.Cucm,
            Refci = "17687488",
            FarEndRefci = "17687487",
            Seat = new Seat("61001", "SEP000700000009"),
            Agent = Agent,
            FarEndAddress = farEnd,
            FarEndDevice = "UCCE-CUBE-A",
            Udp = false,
            PayloadType = 0,
            CallKey = "C1",
            Scenario = Scenarios.Inbound,
            FarSpeech = "customer",
        };
        plan.Segments.Add(new SegmentPlan { Index = 1, StartSim = start, EndSim = end, InviteDelayMs = 200, ByeDelayMs = 50, DialogId = dialogId, Username = Agent.Username, Phase = "talk" });
        return plan;
    }
}
