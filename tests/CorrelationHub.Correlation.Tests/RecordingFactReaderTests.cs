using System.Text.Json;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Numbers;
using CorrelationHub.Correlation.Recordings;

namespace CorrelationHub.Correlation.Tests;

public sealed class RecordingFactReaderTests
{
    private static (RecordingFactData? Fact, string? Error) Read(string json) => RecordingFactReader.Read(JsonDocument.Parse(json).RootElement, new NumberPlanOptions());

    [Fact]
    public void Reads_the_cucm_fact_as_the_ingest_serialises_it()
    {
        var (fact, error) = Read("""
            {"kind":"SegmentEnded","recordingId":"r1","segmentIndex":2,"occurredAt":"2026-04-20T08:38:41.3Z","source":"cucm-bib",
             "agentExtension":"61001","farEndAddress":"+353858712345","refCi":"17687488","xSessionId":"059a1ef36a92e7f3a278d8ba17687488",
             "sessionIds":["ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000"],"ciscoGuids":["3312350112-0447842762-2150367430-0156374294"],
             "segmentStart":"2026-04-20T08:37:28.1Z","segmentEnd":"2026-04-20T08:38:41.3Z","audioFile":"2026/04/20/r1-02.wav","audioSeconds":73.2,
             "endReason":"bye","flags":["one-leg-missing"],"tracks":[{"channel":0,"packets":3600}],"someFutureMember":{"x":1}}
            """);
        Assert.Null(error);
        Assert.Equal((RecordingFactData.SegmentEnded, "r1", 2, "61001"), (fact!.Kind, fact.RecordingId, fact.SegmentIndex, fact.AgentExtension));
        Assert.Equal(73.2, fact.AudioSeconds);
        Assert.Equal(["one-leg-missing"], fact.Flags);
        Assert.NotNull(fact.QualityJson);
        Assert.Contains(fact.Keys, k => k.Kind == ExactKeys.Refci && k.Value == "17687488");
        Assert.Contains(fact.Keys, k => k.Kind == ExactKeys.SessionId && k.Value == "059a1ef36a92e7f3a278d8ba17687488");
        Assert.Contains(fact.Keys, k => k.Kind == ExactKeys.SessionId && k.Value == "ab30317f1a784dc48ff824d0d3715d86");
        Assert.Contains(fact.Keys, k => k.Kind == ExactKeys.CallGuid && k.Value == "c56e73a01ab189ca802c00c609521516");
    }

    [Fact]
    public void A_siprec_fact_finds_agent_and_far_end_in_its_participants_and_keeps_vendor_ids_and_far_end_changes()
    {
        var (fact, error) = Read("""
            {"kind":0,"recordingId":"s1","segmentIndex":1,"occurredAt":"2026-06-18T10:00:00Z","source":"siprec",
             "participants":[{"aor":"sip:+353851231234@127.0.0.1"},{"aor":"sip:6111147@127.0.0.146","name":"Telecoms_Agent_1 (Bob Bobster)"}],
             "sipSessionId":"ab30317f1a784dc48ff824d0d3715d86","vendorIds":{"UCID":"00001002161191240612"},
             "farEndChanges":[{"at":"2026-06-18T10:01:00Z","address":"sip:61002@127.0.0.1"}]}
            """);
        Assert.Null(error);
        Assert.Equal((RecordingFactData.SegmentStarted, "6111147", "+353851231234"), (fact!.Kind, fact.AgentExtension, fact.FarEndAddress));
        Assert.Contains(fact.Keys, k => k.Kind == "vendor:ucid" && k.Value == "00001002161191240612");
        Assert.Equal("61002", Assert.Single(fact.FarEndChanges).Address);
    }

    [Fact]
    public void A_siprec_fact_as_the_ingest_serialises_it_keeps_the_session_id_pair_as_a_key()
    {
        var (fact, error) = Read("""
            {"kind":"SegmentStarted","recordingId":"s2","segmentIndex":1,"occurredAt":"2026-06-18T10:00:00Z","source":"siprec",
             "agentExtension":"61001","farEndAddress":"+353851231234","agentRule":"extension-length",
             "participants":[{"id":"p1","role":"far-end","aor":"sip:+353851231234@10.0.0.5","number":"+353851231234"},
                             {"id":"p2","role":"agent","aor":"sip:61001@10.0.0.5","number":"61001"}],
             "siprecSessionIds":["059a1ef36a92e7f3a278d8ba17687488;remote=3a2c1d0e9f8b7a6c5d4e3f2a1b0c9d8e"]}
            """);
        Assert.Null(error);
        Assert.Equal(("61001", "+353851231234"), (fact!.AgentExtension, fact.FarEndAddress));
        Assert.Contains(fact.Keys, k => k.Kind == ExactKeys.SessionId && k.Value == "059a1ef36a92e7f3a278d8ba17687488");
    }

    [Theory]
    [InlineData("rtp-timeout (SIP;cause=408;text=\"no RTP received\")", "2026-04-20T10:03:00.05Z")]
    [InlineData("shutdown", "2026-04-20T10:03:00.05Z")]
    [InlineData("bye (Q.850;cause=16)", null)]
    [InlineData(null, null)]
    public void A_segment_the_recorder_had_to_end_ends_with_its_last_packet(string? endReason, string? expected)
    {
        const string tracks = """[{"channel":0,"lastPacketAt":"2026-04-20T10:03:00.04Z"},{"channel":1,"lastPacketAt":"2026-04-20T10:03:00.05Z"},{"channel":1}]""";
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SegmentMediaEnd.Of(endReason, tracks));
    }

    [Theory]
    [InlineData("""{"kind":"MediaAlarm","flags":["media-stopped"],"tracks":[{"channel":0,"lastPacketAt":"2026-04-20T10:03:00.04Z"}]}""", "2026-04-20T10:03:00.04Z")]
    [InlineData("""{"kind":"MediaAlarm","flags":[],"tracks":[{"channel":0,"lastPacketAt":"2026-04-20T10:03:00.04Z"}]}""", null)]
    [InlineData("""{"kind":"MediaAlarm","flags":["no-audio"],"tracks":[{"channel":0}]}""", null)]
    [InlineData("""not json""", null)]
    public void A_segment_still_open_ends_with_its_last_packet_only_while_its_media_stopped_alarm_stands(string alarm, string? expected) =>
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SegmentMediaEnd.OfLatestAlarm(alarm));

    [Theory]
    [InlineData("""[{"channel":0}]""")]
    [InlineData("""{"channel":0}""")]
    [InlineData("""not json""")]
    [InlineData(null)]
    public void Without_packet_times_a_timed_out_segment_keeps_its_end(string? tracks) => Assert.Null(SegmentMediaEnd.Of("rtp-timeout", tracks));

    [Theory]
    [InlineData("""{"segmentIndex":1,"occurredAt":"2026-04-20T08:00:00Z"}""", "recordingId is required")]
    [InlineData("""{"recordingId":"r1"}""", "occurredAt is required")]
    [InlineData("""[1]""", "a recording fact must be a JSON object")]
    public void A_fact_that_cannot_be_read_says_why(string json, string why) => Assert.Equal(why, Read(json).Error);
}
