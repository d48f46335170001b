using CorrelationHub.Persistence.Records;
using CorrelationHub.Web.Export;

namespace CorrelationHub.Web.Tests;

/// <summary>The export's typed values (NDJSON, the list API) and its text values (CSV) stay equal column by column.</summary>
public sealed class CallRecordValuesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Csv_texts_are_the_values_as_text()
    {
        var record = new CallRecord
        {
            DialogId = "16800001", AgentUsername = "ann", AgentName = "Ann Agent", Extension = "61001", CallType = "ACD_IN", FromAddress = "+353851234567", ToAddress = "61001",
            DialogStartMs = T0.ToUnixTimeMilliseconds(), DialogEndMs = T0.AddSeconds(90.5).ToUnixTimeMilliseconds(), RecordingId = "rec 1/a", SegmentIndex = 70, Refci = "17687488",
            FarEndAddress = "+353851234567", RecordingStartMs = T0.AddSeconds(0.6).ToUnixTimeMilliseconds(), RecordingEndMs = T0.AddSeconds(90).ToUnixTimeMilliseconds(), RecordingSeconds = 89.40049,
            MatchStatus = "matched", MatchConfidence = 0.93751, MatchReason = "starts 0.6 s from the agent connecting, \"same\" far end", Flags = "hold", Final = true, TeamName = "Billing",
            QueueName = "Billing_SG", CallKey = "155432-1-1", CallVariables = """{"callVariable1":"x"}""", LinkRank = 3,
        };
        foreach (var r in new[] { record, new CallRecord { MatchStatus = "no_recording", MatchConfidence = 0, SegmentIndex = 1, LinkRank = 0, RecordingSeconds = 1e16 }, new CallRecord() })
        {
            var texts = new string?[CallColumns.Names.Count];
            CallRecordValues.FillText(r, "https://host", texts);
            Assert.Equal(CallRecordValues.Of(r, "https://host").Select(CallRecordValues.Text), texts);
        }
    }
}
