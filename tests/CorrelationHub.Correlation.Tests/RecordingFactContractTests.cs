using System.Collections;
using System.Reflection;
using System.Text.Json;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Numbers;
using CorrelationHub.Correlation.Recordings;
using CorrelationHub.Facts;

namespace CorrelationHub.Correlation.Tests;

/// <summary>
/// The recording-fact contract (docs/contracts.md §7): the one type the ingest writes and the backend reads, in the
/// one JSON form that is stored and replayed. A member added to the contract must survive the JSON form, and the
/// backend must read a fact the same whether it comes from the in-process ingest or from storage.
/// </summary>
public sealed class RecordingFactContractTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 20, 8, 37, 28, 100, TimeSpan.Zero);

    /// <summary>Every member set to something other than its default.</summary>
    private static RecordingFact Full() => new()
    {
        Kind = RecordingFactKind.SegmentEnded,
        RecordingId = "r-17687488-61001",
        SegmentIndex = 2,
        OccurredAt = At.AddSeconds(73),
        Source = "cucm-bib",
        AgentExtension = "61001",
        FarEndAddress = "+353858712345",
        RefCi = "17687488",
        XSessionId = "059a1ef36a92e7f3a278d8ba17687488",
        NearEndDevice = "SEP0011223344",
        CallIds = ["a@127.0.0.1", "b@127.0.0.1"],
        SessionIds = ["ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000"],
        CiscoGuids = ["3312350112-0447842762-2150367430-0156374294"],
        SegmentStart = At,
        SegmentEnd = At.AddSeconds(73),
        AudioFile = "2026/04/20/r-02.wav",
        AudioSeconds = 73.2,
        EndReason = "bye (Q.850;cause=16)",
        Flags = ["one-leg-missing"],
        Tracks = [new TrackQuality { Channel = 1, Codec = "PCMA", Srtp = "AES_CM_128_HMAC_SHA1_80", Packets = 3600, Lost = 2, LastPacketAt = At.AddSeconds(72.9) }],
        EndCause = 16,
        NearEndClusterId = "cluster-a",
        FarEndDevice = "gateway-1",
        FarEndRefCi = "17687489",
        FarEndGuid = "guid-1",
        Participants = [new RecordingParticipant { Id = "p1", Role = "agent", Aor = "sip:61001@127.0.0.1", Number = "61001", SendsLabels = ["1"], Channel = 0, AssociatedAt = At, VendorIds = new Dictionary<string, string> { ["GenesysUUID"] = "g-1" } }],
        VendorIds = new Dictionary<string, string> { ["UCID"] = "00001002161191240612" },
        SiprecSessionIds = ["059a1ef36a92e7f3a278d8ba17687488;remote=3a2c1d0e9f8b7a6c5d4e3f2a1b0c9d8e"],
        AgentRule = "extension-length",
        RawMetadata = "<recording/>",
        SignallingPeer = "127.0.0.1",
        FarEndChanges = [new RecordingFarEndChange(At.AddSeconds(30), "sip:61002@127.0.0.1")],
    };

    [Fact]
    public void Every_member_of_the_contract_is_set_in_the_test_fact()
    {
        var fact = Full();
        foreach (var property in typeof(RecordingFact).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(fact);
            var unset = value is null || (value is ICollection { Count: 0 }) || (property.PropertyType.IsValueType && value.Equals(Activator.CreateInstance(property.PropertyType)));
            Assert.False(unset && property.Name != nameof(RecordingFact.Kind), $"{property.Name} is not set in Full(): a new member needs a value here");
        }
    }

    [Fact]
    public void The_json_form_keeps_every_member_by_its_camel_case_name_and_reads_back_unchanged()
    {
        var json = RecordingFactJson.Serialize(Full());
        using var document = JsonDocument.Parse(json);
        foreach (var property in typeof(RecordingFact).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Assert.True(document.RootElement.TryGetProperty(name, out _), $"{name} is missing from the stored form");
        }

        Assert.Equal("SegmentEnded", document.RootElement.GetProperty("kind").GetString());
        Assert.True(RecordingFactJson.TryRead(document.RootElement, out var read, out var error), error);
        Assert.Equal(json, RecordingFactJson.Serialize(read));
    }

    [Fact]
    public void The_backend_reads_a_fact_from_the_ingest_and_from_storage_alike()
    {
        var plan = new NumberPlanOptions();
        var fact = Full();
        var direct = RecordingFactReader.Read(fact, plan);
        var (stored, error) = RecordingFactReader.Read(RecordingFactJson.SerializeToElement(fact), plan);
        Assert.Null(error);
        Assert.Equal(JsonSerializer.Serialize(direct), JsonSerializer.Serialize(stored));

        Assert.Equal(("SegmentEnded", 2, "61001", "+353858712345"), (direct.Kind, direct.SegmentIndex, direct.AgentExtension, direct.FarEndAddress));
        Assert.Contains(direct.Keys, k => k.Kind == ExactKeys.Refci && k.Value == "17687488");
        Assert.Contains(direct.Keys, k => k.Kind == "vendor:ucid");
        Assert.Equal("61002", Assert.Single(direct.FarEndChanges).Address);
        Assert.Contains("\"lastPacketAt\"", direct.QualityJson);
    }

    [Fact]
    public void A_member_a_newer_writer_adds_is_ignored_and_an_older_writer_that_left_members_out_still_reads()
    {
        var (newer, newerError) = RecordingFactReader.Read(JsonDocument.Parse("""
            {"kind":"SegmentStarted","recordingId":"r1","segmentIndex":1,"occurredAt":"2026-04-20T08:37:28Z","source":"cucm-bib","agentExtension":"61001","codecOfTheFuture":{"x":1}}
            """).RootElement, new NumberPlanOptions());
        Assert.Null(newerError);
        Assert.Equal("61001", newer!.AgentExtension);

        var (older, olderError) = RecordingFactReader.Read(JsonDocument.Parse("""{"kind":"RecordingEnded","recordingId":"r1","segmentEnd":"2026-04-20T08:38:41Z"}""").RootElement, new NumberPlanOptions());
        Assert.Null(olderError);
        Assert.Equal((1, "unknown", DateTimeOffset.Parse("2026-04-20T08:38:41Z", System.Globalization.CultureInfo.InvariantCulture)), (older!.SegmentIndex, older.Source, older.OccurredAt));
    }

    [Theory]
    [InlineData("""{"recordingId":"r1","occurredAt":"2026-04-20T08:00:00Z"}""", "kind is required")]
    [InlineData("""{"kind":"NoSuchKind","recordingId":"r1","occurredAt":"2026-04-20T08:00:00Z"}""", "kind:")]
    [InlineData("""{"kind":"SegmentStarted","recordingId":"r1","occurredAt":"2026-04-20T08:00:00Z","segmentIndex":"two"}""", "segmentIndex:")]
    public void A_fact_with_a_missing_or_mistyped_member_names_it(string json, string start)
    {
        Assert.False(RecordingFactJson.TryRead(JsonDocument.Parse(json).RootElement, out _, out var error));
        Assert.StartsWith(start, error);
    }
}
