using CorrelationHub.Simulator.Accuracy;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Tests;

public class AccuracyComparerTests
{
    private const string Header = "dialog_id,agent_username,agent_name,extension,call_type,from_address,to_address,dialog_start_utc,dialog_end_utc,recording_id,segment_index,refci,far_end_address,recording_start_utc,recording_end_utc,recording_seconds,audio_url,match_status,match_confidence,match_reason\n";

    [Fact]
    public void Each_segment_is_judged_by_its_row_and_the_targets_count_confident_wrong_links()
    {
        var truth = new List<TruthSegment>
        {
            Segment("R1", "100", "D1", "matched"),
            Segment("R2", "102", "D2", "matched"),
            Segment("R3", "104", "D3", "matched"),
            Segment("R4", "106", "D4", "ambiguous"),
            Segment("R5", "108", "D5", "matched"),
        };
        var csv = Header +
                  Row("D1", "rec-1", "100", "matched", "0.97") +
                  Row("D9", "rec-2", "102", "matched", "0.93") +
                  Row("D3", "rec-3", "104", "ambiguous", "0.5") +
                  Row("D4", "rec-4", "106", "ambiguous", "0.5");

        var report = AccuracyComparer.Compare(truth, CsvTable.Read(csv));

        Assert.Equal(
            [Outcome.Correct, Outcome.Wrong, Outcome.Ambiguous, Outcome.Correct, Outcome.Missed],
            report.Judgements.Select(j => j.Outcome));
        Assert.Equal(1, report.Total.ConfidentWrong);
        Assert.Equal(0.4, report.CorrectRate, 3);
        Assert.False(report.MeetsTargets(99.5));
        Assert.Equal(0.8, report.RecordingSuccessRate, 3);
    }

    [Fact]
    public void An_undecidable_segment_matched_to_one_of_its_twins_must_have_been_flagged()
    {
        var segment = Segment("R1", "100", "D1", "ambiguous") with { TwinDialogIds = ["D2"] };
        var row = CsvTable.Read(Header + Row("D2", "rec-1", "100", "matched", "0.6"))[0];

        Assert.Equal(Outcome.ShouldBeAmbiguous, AccuracyComparer.Judge(segment, row).Outcome);
    }

    [Fact]
    public void Csv_fields_may_be_quoted_with_commas_and_doubled_quotes()
    {
        var rows = CsvTable.Read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n");

        Assert.Equal("x, y", rows[0]["a"]);
        Assert.Equal("say \"hi\"", rows[0]["b"]);
    }

    private static TruthSegment Segment(string key, string refci, string dialog, string expected) => new()
    {
        RecordingKey = key,
        Style = "cucm",
        Refci = refci,
        Extension = "61001",
        SegmentIndex = 1,
        FarEndAddress = "+353858712345",
        Scenario = "inbound",
        Phase = "talk",
        CallKey = "C1",
        DialogId = dialog,
        Username = "012345",
        Expected = expected,
        ExpectedReason = "test",
        ConnectedUtc = "2026-04-20T08:37:27.480Z",
        InviteSentUtc = "2026-04-20T08:37:27.700Z",
    };

    private static string Row(string dialog, string recording, string refci, string status, string confidence) =>
        $"{dialog},012345,Bob Bobster,61001,PREROUTE_ACD_IN,+353858712345,61001,2026-04-20T08:37:27.480Z,,{recording},1,{refci},+353858712345,2026-04-20T08:37:27.730Z,2026-04-20T08:38:41.000Z,73.2,/api/recordings/{recording}/audio,{status},{confidence},\"evidence, with a comma\"\n";
}
