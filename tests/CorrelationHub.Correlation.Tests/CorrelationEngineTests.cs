using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Timeline;

namespace CorrelationHub.Correlation.Tests;

public sealed class CorrelationEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 20, 8, 37, 27, 480, TimeSpan.Zero);
    private readonly CorrelationEngine _engine = new(new CorrelationOptions());

    private static SegmentFacts Segment(string id, double start, double end, string far = "+353858712345", int index = 1, params ExactKey[] keys) => new()
    {
        RecordingId = id,
        SegmentIndex = index,
        AgentExtension = "61001",
        FarEndAddress = far,
        Start = T0.AddSeconds(start),
        End = T0.AddSeconds(end),
        Keys = keys,
    };

    private static DialogLeg Leg(string id, double start, double end, string far = "+353858712345", string? type = "ACD_IN", string? associated = null, string? secondary = null, string? media = null, params ExactKey[] keys)
    {
        var timeline = DialogTimeline.Build([new("ACTIVE", T0.AddSeconds(start)), new("DROPPED", T0.AddSeconds(end))]);
        return new DialogLeg
        {
            DialogId = id,
            Extension = "61001",
            Username = "012345",
            CallType = type,
            MediaType = media,
            OtherParties = [far],
            Connected = timeline.Connected,
            Present = timeline.Present,
            ConnectPoints = timeline.ConnectPoints,
            DisconnectPoints = timeline.DisconnectPoints,
            AssociatedDialogId = associated,
            SecondaryId = secondary,
            Keys = keys,
        };
    }

    private IReadOnlyList<SegmentLink> Run(IReadOnlyList<SegmentFacts> segments, IReadOnlyList<DialogLeg> legs, IReadOnlyList<AgentSession>? sessions = null) =>
        _engine.Correlate(new CorrelationInput(segments, legs, sessions ?? [], T0.AddHours(1)));

    [Fact]
    public void The_far_end_number_separates_two_calls_with_the_same_times()
    {
        var links = Run([Segment("r", 0.5, 60)], [Leg("111", 0, 60, far: "+353851111111"), Leg("222", 0, 60)]);
        var link = Assert.Single(links);
        Assert.Equal((MatchStatus.Matched, "222"), (link.Status, link.DialogId));
        Assert.True(link.Confidence >= 0.9);
    }

    [Fact]
    public void Two_calls_nothing_separates_are_ambiguous_with_both_named_and_neither_confident()
    {
        var links = Run([Segment("r", 0.5, 60)], [Leg("111", 0, 60), Leg("222", 0, 60)]);
        Assert.Equal(["111", "222"], links.Select(l => l.DialogId));
        Assert.All(links, l => Assert.Equal(MatchStatus.Ambiguous, l.Status));
        Assert.All(links, l => Assert.InRange(l.Confidence, 0.3, 0.6));
        Assert.All(links, l => Assert.Contains("111", l.Reason, StringComparison.Ordinal));
        Assert.All(links, l => Assert.Contains("222", l.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_exact_key_outweighs_a_better_timed_rival()
    {
        var refci = ExactKeys.Create(ExactKeys.Refci, "34446813")!.Value;
        var links = Run([Segment("r", 0.5, 60, keys: refci)], [Leg("111", 0, 60), Leg("222", 20, 50, keys: refci)]);
        var link = Assert.Single(links);
        Assert.Equal(("222", MatchStatus.Matched), (link.DialogId, link.Status));
        Assert.Contains("exact key refci equal", link.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_that_spans_a_consult_and_the_conference_it_became_links_to_both()
    {
        var consult = Leg("202", 0, 30, far: "61002", type: "CONSULT", associated: "201");
        var conference = Leg("201", 30, 120, far: "61002", secondary: "202");
        var links = Run([Segment("r", 0.5, 120.4, far: "61002")], [consult, conference]);
        Assert.Equal(["202", "201"], links.Select(l => l.DialogId));
        Assert.All(links, l => Assert.Equal(MatchStatus.Matched, l.Status));
        Assert.Equal([0, 1], links.Select(l => l.Rank));
    }

    [Fact]
    public void Non_voice_dialogs_are_never_candidates_and_an_unmatched_recording_names_the_signed_in_agent()
    {
        var session = new AgentSession { Username = "012399", Extension = "61001", Start = T0.AddHours(-1), LastSeen = T0, StartReason = "login" };
        var link = Assert.Single(Run([Segment("r", 0.5, 60)], [Leg("chat_1", 0, 60, media: "Chat")], [session]));
        Assert.Equal((MatchStatus.UnmatchedRecording, null, "012399"), (link.Status, link.DialogId, link.Username));
        Assert.Equal(0, link.Confidence);
    }

    [Fact]
    public void Segments_of_one_recording_support_each_other()
    {
        var timeline = DialogTimeline.Build([new("ACTIVE", T0), new("HELD", T0.AddSeconds(60)), new("ACTIVE", T0.AddSeconds(90)), new("DROPPED", T0.AddSeconds(120))]);
        var held = Leg("111", 0, 120) with { Connected = timeline.Connected, Present = timeline.Present, ConnectPoints = timeline.ConnectPoints, DisconnectPoints = timeline.DisconnectPoints };
        var links = Run([Segment("r", 0.5, 60.4, index: 1), Segment("r", 90.6, 120.3, far: "", index: 2)], [held]);
        Assert.All(links, l => Assert.Equal(("111", MatchStatus.Matched), (l.DialogId, l.Status)));
        Assert.All(links, l => Assert.Contains("same call leg as another segment linked there", l.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_input_always_gives_the_same_links()
    {
        SegmentFacts[] segments = [Segment("a", 0.5, 60), Segment("b", 61.5, 80)];
        DialogLeg[] legs = [Leg("111", 0, 60), Leg("222", 61, 80), Leg("333", 0, 60)];
        Assert.Equal(Run(segments, legs), Run([.. segments.Reverse()], [.. legs.Reverse()]));
    }
}
