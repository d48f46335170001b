using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// Story A end to end on the real host: the agent's gadget events, CUCM's two delayed-offer recording legs with
/// real RTP (a different tone per leg), and the result in the export and the stereo WAV.
/// </summary>
public sealed class CucmRecordedCallTests
{
    private const string DialogFixture = "finesse/dialog-inbound-active.xml";
    private const double AgentTone = 440;
    private const double CustomerTone = 1000;

    private static readonly string[] ContractColumns =
    [
        "dialog_id", "agent_username", "agent_name", "extension", "call_type", "from_address", "to_address",
        "dialog_start_utc", "dialog_end_utc", "recording_id", "segment_index", "refci", "far_end_address",
        "recording_start_utc", "recording_end_utc", "recording_seconds", "audio_url", "match_status",
        "match_confidence", "match_reason",
    ];

    [Fact]
    public async Task Tcp_legs_and_hub_events_become_one_matched_stereo_recording()
    {
        await using var host = await TestHost.StartAsync();
        var shift = DateTimeOffset.UtcNow - FinesseFixtures.AgentActiveTime(DialogFixture);
        var dialog = FinesseFixtures.Dialog(DialogFixture, shift);

        var acks = await NodeTools.PublishOverHubAsync(host.BaseUrl, [Login(), FinesseFixtures.DialogEvent("012345", "61001", "added", dialog)]);
        Assert.All(acks, ack => Assert.True(ack!["accepted"]!.GetValue<bool>(), ack.ToJsonString()));

        await using var peer = await SipTestPeer.ConnectTcpAsync(host.SipTcp);
        await RecordCallAsync(peer, new CucmLegFixtures(udp: false, peer.Local.Port));

        acks = await NodeTools.PublishOverHubAsync(host.BaseUrl, [FinesseFixtures.DialogEvent("012345", "61001", "updated", dialog)]);
        Assert.True(acks[0]!["accepted"]!.GetValue<bool>());

        await AssertMatchedRecordingAsync(host);
    }

    [Fact]
    public async Task Udp_legs_and_http_fallback_events_become_one_matched_stereo_recording()
    {
        await using var host = await TestHost.StartAsync();
        var shift = DateTimeOffset.UtcNow - FinesseFixtures.AgentActiveTime(DialogFixture);
        var dialog = FinesseFixtures.Dialog(DialogFixture, shift);

        var response = await host.Http.PostAsync("/api/agent-events", Json(new JsonArray(Login(), FinesseFixtures.DialogEvent("012345", "61001", "added", dialog))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var acks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(2, acks.Count);
        Assert.All(acks, ack => Assert.True(ack!["accepted"]!.GetValue<bool>()));

        await using var peer = SipTestPeer.OpenUdp(host.SipUdp);
        await RecordCallAsync(peer, new CucmLegFixtures(udp: true, peer.Local.Port));

        response = await host.Http.PostAsync("/api/agent-events", Json(FinesseFixtures.DialogEvent("012345", "61001", "updated", dialog)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await AssertMatchedRecordingAsync(host);
    }

    private static JsonObject Login() => new()
    {
        // The seed's shape, exactly as written there (with the fixtures' extension).
        ["username"] = "012345",
        ["firstName"] = "Bob",
        ["lastName"] = "Bobster",
        ["extension"] = "61001",
        ["action"] = "login",
    };

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task RecordCallAsync(SipTestPeer peer, CucmLegFixtures legs)
    {
        var near = await InviteAsync(peer, legs.Invite(near: true));
        var far = await InviteAsync(peer, legs.Invite(near: false));

        await peer.SendAsync(legs.Ack(near: true, near.ToTag));
        await peer.SendAsync(legs.Ack(near: false, far.ToTag));

        var samples = 8000 * 2;
        await Task.WhenAll(
            RtpSender.SendAsync(near.Media, Tone.Sine(AgentTone, 8000, samples), payloadType: 0, ssrc: 0x1111),
            RtpSender.SendAsync(far.Media, Tone.Sine(CustomerTone, 8000, samples), payloadType: 0, ssrc: 0x2222));

        await peer.SendAsync(legs.Bye(near: true, near.ToTag));
        Assert.Equal(200, (await peer.ExpectAsync(200, "BYE")).StatusCode);
        await peer.SendAsync(legs.Bye(near: false, far.ToTag));
        Assert.Equal(200, (await peer.ExpectAsync(200, "BYE")).StatusCode);
    }

    private static async Task<(string ToTag, IPEndPoint Media)> InviteAsync(SipTestPeer peer, string invite)
    {
        await peer.SendAsync(invite);
        var trying = await peer.ReceiveResponseAsync();
        Assert.Equal(100, trying.StatusCode);
        Assert.Equal("1776674248", trying.Headers.Get(HeaderNames.Timestamp));

        var ok = await peer.ExpectAsync(200, "INVITE");
        Assert.Equal("application/sdp", ok.ContentType);
        Assert.True(SdpParser.TryParse(ok.Body.Span, out var offer));
        var audio = Assert.Single(offer.Media);
        Assert.Equal(SdpDirection.RecvOnly, offer.EffectiveDirection(audio));
        Assert.Contains("0", audio.Formats);
        Assert.Contains("8", audio.Formats);
        var toTag = ok.To!.Tag;
        Assert.False(string.IsNullOrEmpty(toTag));
        return (toTag!, new IPEndPoint(IPAddress.Parse(offer.EffectiveAddress(audio)!), audio.Port));
    }

    private static async Task AssertMatchedRecordingAsync(TestHost host)
    {
        var (header, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["match_status"] == "matched" && r["recording_end_utc"].Length > 0 && r["recording_seconds"].Length > 0),
            TimeSpan.FromSeconds(20),
            "a matched row of a finished recording in the export");

        Assert.Equal(ContractColumns, header.Take(ContractColumns.Length));
        var row = Assert.Single(rows);
        Assert.Equal("16798406", row["dialog_id"]);
        Assert.Equal("012345", row["agent_username"]);
        Assert.Equal("Bob Bobster", row["agent_name"]);
        Assert.Equal("61001", row["extension"]);
        Assert.Equal("PREROUTE_ACD_IN", row["call_type"]);
        Assert.Equal("+353858712345", row["from_address"]);
        Assert.Equal("17687488", row["refci"]);
        Assert.Equal("+353858712345", row["far_end_address"]);
        Assert.Equal("1", row["segment_index"]);
        Assert.True(double.Parse(row["match_confidence"], System.Globalization.CultureInfo.InvariantCulture) >= 0.8, row["match_reason"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", row["recording_start_utc"]);

        var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
        Assert.Equal(2, wav.Channels);
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(wav.ActualDataBytes, wav.DeclaredDataBytes);
        Assert.InRange(wav.ChannelSamples[0].Length / 8000.0, 1.9, 4.0);
        var left = wav.ChannelSamples[0];
        var right = wav.ChannelSamples[1];
        Assert.True(Tone.Power(left, AgentTone, 8000) > 50 * Tone.Power(left, CustomerTone, 8000), "agent tone must be on the left");
        Assert.True(Tone.Power(right, CustomerTone, 8000) > 50 * Tone.Power(right, AgentTone, 8000), "customer tone must be on the right");

        var agents = await host.Http.GetFromJsonAsync<JsonArray>("/api/agents");
        var agent = Assert.Single(agents!);
        Assert.Equal("61001", agent!["extension"]!.GetValue<string>());
        var recording = Assert.Single(agent["recordings"]!.AsArray());
        Assert.Equal(row["recording_id"], recording!["recordingId"]!.GetValue<string>());
        Assert.Equal("matched", recording["status"]!.GetValue<string>());
    }
}
