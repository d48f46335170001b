using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Tests;

public sealed class CorrelationEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 20, 8, 37, 27, 480, TimeSpan.Zero);
    private readonly CorrelationEngine _engine = new(new CorrelationOptions());

    private static SegmentFacts Segment(double startSeconds, double endSeconds, string extension = "61001", string far = "+353858712345") => new()
    {
        RecordingId = "r1",
        SegmentIndex = 1,
        AgentExtension = extension,
        FarEndAddress = far,
        Start = T0.AddSeconds(startSeconds),
        End = T0.AddSeconds(endSeconds),
    };

    private static DialogCandidate Dialog(string id, double start, double? end, string far = "+353858712345") => new()
    {
        DialogId = id,
        Extension = "61001",
        FarEndNumber = far,
        Connected = [new TimeRange(T0.AddSeconds(start), end is { } e ? T0.AddSeconds(e) : null)],
    };

    [Fact]
    public void Story_a_links_the_recording_to_the_dialog_the_agent_was_talking_on()
    {
        var link = Assert.Single(_engine.Correlate([Segment(0.5, 73)], [Dialog("16798406", 0, 74), Dialog("16790000", -600, -300)], T0.AddHours(1)));
        Assert.Equal(MatchStatus.Matched, link.Status);
        Assert.Equal("16798406", link.DialogId);
        Assert.InRange(link.Confidence, 0.9, 1);
    }

    [Fact]
    public void No_dialog_on_the_extension_is_an_unmatched_recording()
    {
        var link = Assert.Single(_engine.Correlate([Segment(0, 60, extension: "61002")], [Dialog("16798406", 0, 74)], T0.AddHours(1)));
        Assert.Equal(MatchStatus.UnmatchedRecording, link.Status);
        Assert.Null(link.DialogId);
    }

    [Fact]
    public void Two_equally_good_dialogs_are_ambiguous_and_both_are_named()
    {
        var link = Assert.Single(_engine.Correlate([Segment(0, 60)], [Dialog("111", 0, 60), Dialog("222", 0, 60)], T0.AddHours(1)));
        Assert.Equal(MatchStatus.Ambiguous, link.Status);
        Assert.Contains("111", link.Reason);
        Assert.Contains("222", link.Reason);
        Assert.True(link.Confidence < 0.9);
    }

    [Fact]
    public void The_far_end_number_separates_two_overlapping_dialogs()
    {
        var link = Assert.Single(_engine.Correlate([Segment(0, 60)], [Dialog("111", 0, 60, far: "+353851111111"), Dialog("222", 0, 60)], T0.AddHours(1)));
        Assert.Equal(MatchStatus.Matched, link.Status);
        Assert.Equal("222", link.DialogId);
    }
}
