using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Media.Srtp;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;
using CorrelationHub.TestSupport;
using CorrelationHub.Web.Ingest;
using Microsoft.Data.Sqlite;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// The media half on the real host: SRTP negotiated by SDES (early offer from CUBE; delayed offer to CUCM with its
/// RTP fallback or an SRTP answer in the ACK), the live no-audio alarm, and the startup repair of a crashed file.
/// </summary>
public sealed class MediaEndToEndTests
{
    private const string CubeKey = "L0WyWV5qfIvCt3jb6cupg3AU09q+7UwC6pTHXpAf";

    [Fact]
    public async Task Cube_early_srtp_offer_is_answered_with_our_own_key_and_its_srtp_is_recorded()
    {
        await using var host = await TestHost.StartAsync();
        await using var peer = await SipTestPeer.ConnectTcpAsync(host.SipTcp);
        var invite = RepoPaths.FixtureText("sip/cube-media-proxy-srtp-early-offer.sip")
            .Replace("SIP/2.0/TLS", "SIP/2.0/TCP", StringComparison.Ordinal)
            .Replace("transport=tls", "transport=tcp", StringComparison.Ordinal);
        await peer.SendAsync(invite);
        var ok = await peer.ExpectAsync(200, "INVITE");
        Assert.True(SdpParser.TryParse(ok.Body.Span, out var answer));
        var media = Assert.Single(answer.Media);
        Assert.Equal("RTP/SAVP", media.Protocol);
        Assert.Equal(SdpDirection.RecvOnly, answer.EffectiveDirection(media));
        var crypto = Assert.Single(SdesCrypto.Of(media));
        Assert.Equal(1, crypto.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", crypto.Suite);
        Assert.NotEqual(Convert.FromBase64String(CubeKey), crypto.Keys[0].KeyMaterial);

        var dialog = new Dialog("BB04A3C2-692311F1-80D7E0A4-2F6B9C11@127.0.0.146", invite.Split("\r\n").First(l => l.StartsWith("From:", StringComparison.Ordinal)), ok.To!.Tag!, "127.0.0.146:5061");
        await peer.SendAsync(dialog.Request("ACK", 101));

        // CUBE encrypts with the key it advertised (RFC 4568 §7.1).
        var suite = SrtpSuite.AesCm128HmacSha1_80;
        using var srtp = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, Convert.FromBase64String(CubeKey))]));
        await MediaRtpSender.SendAsync(Endpoint(answer, media), Tone.Sine(440, 8000, 8000 * 2), 8, 0xC0BE, srtp);
        await peer.SendAsync(dialog.Request("BYE", 102));
        await peer.ExpectAsync(200, "BYE");

        var (segment, wav) = await FinishedSegmentAsync(host, "34446593");
        Assert.DoesNotContain("srtp-auth-failures", Flags(segment));
        Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 100 * Tone.Power(wav.ChannelSamples[0], 1000, 8000), "the decrypted agent voice on the left");
        Assert.InRange(Tone.Rms(wav.ChannelSamples[0]), 3000, 8000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delayed_srtp_offer_takes_cucm_rtp_fallback_or_the_senders_key_from_the_ack(bool answerSrtp)
    {
        await using var host = await TestHost.StartAsync("--Media:SrtpOffer=true");
        await using var peer = await SipTestPeer.ConnectTcpAsync(host.SipTcp);
        var legs = new CucmLegFixtures(udp: false, peer.Local.Port);
        await peer.SendAsync(legs.Invite(near: true));
        var ok = await peer.ExpectAsync(200, "INVITE");
        Assert.True(SdpParser.TryParse(ok.Body.Span, out var offer));
        var media = Assert.Single(offer.Media);
        Assert.Equal("RTP/SAVP", media.Protocol);
        Assert.Equal(SdesSuites.Supported.Count, SdesCrypto.Of(media).Count);
        Assert.Contains("9", media.Formats);

        var ack = legs.Ack(near: true, ok.To!.Tag!);
        SrtpSession? srtp = null;
        if (answerSrtp)
        {
            // The phone answers with one of our tags and its own key.
            var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(30);
            ack = WithBody(ack, Body(ack).Replace("RTP/AVP 0 101", "RTP/SAVP 0 101", StringComparison.Ordinal) + $"a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:{Convert.ToBase64String(key)}\r\n");
            srtp = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, [SrtpMasterKey.FromKeyMaterial(SrtpSuite.AesCm128HmacSha1_80, key)]));
        }

        await peer.SendAsync(ack);
        await MediaRtpSender.SendAsync(Endpoint(offer, media), Tone.Sine(440, 8000, 8000 * 2), 0, 0xCC01, srtp);
        await peer.SendAsync(legs.Bye(near: true, ok.To!.Tag!));
        await peer.ExpectAsync(200, "BYE");
        srtp?.Dispose();

        var (segment, wav) = await FinishedSegmentAsync(host, "17687488");
        Assert.DoesNotContain("srtp-auth-failures", Flags(segment));
        Assert.DoesNotContain("no-audio", Flags(segment));
        Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 100 * Tone.Power(wav.ChannelSamples[0], 1000, 8000));
    }

    [Fact]
    public async Task No_audio_is_reported_while_the_call_is_live_and_on_the_finished_segment()
    {
        await using var host = await TestHost.StartAsync("--Media:NoAudioSeconds=1");
        await using var peer = await SipTestPeer.ConnectTcpAsync(host.SipTcp);
        var legs = new CucmLegFixtures(udp: false, peer.Local.Port);
        await peer.SendAsync(legs.Invite(near: true));
        var ok = await peer.ExpectAsync(200, "INVITE");
        await peer.SendAsync(legs.Ack(near: true, ok.To!.Tag!));

        var alarm = await Eventually.Until(
            () => Task.FromResult(StoredFacts(host, nameof(RecordingFactKind.MediaAlarm)).FirstOrDefault()),
            fact => fact is not null,
            TimeSpan.FromSeconds(20),
            "a live MediaAlarm fact");
        Assert.Equal(["no-audio"], alarm!.Flags);
        Assert.Equal("61001", alarm.AgentExtension);
        Assert.Empty(StoredFacts(host, nameof(RecordingFactKind.SegmentEnded)));

        await peer.SendAsync(legs.Bye(near: true, ok.To!.Tag!));
        await peer.ExpectAsync(200, "BYE");
        var (segment, _) = await FinishedSegmentAsync(host, "17687488");
        Assert.Contains("no-audio", Flags(segment));
    }

    [Fact]
    public async Task A_part_file_left_by_a_crash_is_repaired_at_start_and_reported_to_the_backend()
    {
        var recordings = Path.Combine(Path.GetTempPath(), "ch-crash-" + Guid.NewGuid().ToString("N")[..10]);
        var final = Path.Combine(recordings, "2026", "04", "20", "0196aaaabbbbccccddddeeeeffff0000-01.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var tone = Tone.Sine(440, 8000, 8000 * 2);
        var data = new byte[tone.Length * 4];
        for (var i = 0; i < tone.Length; i++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(i * 4), tone[i]);
        }

        var header = new byte[44];
        Media.Recording.WavFormat.WriteHeader(header, 8000, 2, 0);
        File.WriteAllBytes(final + ".part", [.. header, .. data]);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var fact = new RecordingFact
        {
            Kind = RecordingFactKind.SegmentStarted,
            RecordingId = "0196aaaabbbbccccddddeeeeffff0000",
            SegmentIndex = 1,
            OccurredAt = start,
            Source = "cucm-bib",
            AgentExtension = "61001",
            RefCi = "17680001",
            SegmentStart = start,
        };
        File.WriteAllBytes(final + ".segment.json", JsonSerializer.SerializeToUtf8Bytes(fact, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        try
        {
            await using var host = await TestHost.StartAsync($"--Recording:Directory={recordings}");
            var recording = await Eventually.Until(
                async () => await host.Http.GetAsync("/api/recordings/0196aaaabbbbccccddddeeeeffff0000") is { StatusCode: HttpStatusCode.OK } r ? JsonNode.Parse(await r.Content.ReadAsStringAsync()) : null,
                node => node?["segments"]?.AsArray().Count > 0 && node["segments"]![0]!["end"] is not null,
                TimeSpan.FromSeconds(20),
                "the repaired segment in the API");
            var segment = recording!["segments"]![0]!;
            Assert.Equal("recovered", segment["endReason"]!.GetValue<string>());
            Assert.Equal("61001", recording["agentExtension"]!.GetValue<string>());
            Assert.Equal(2.0, segment["seconds"]!.GetValue<double>(), 3);
            var wav = WavData.Parse(await host.Http.GetByteArrayAsync(segment["audioUrl"]!.GetValue<string>()));
            Assert.Equal(wav.ActualDataBytes, wav.DeclaredDataBytes);
            Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 100 * Tone.Power(wav.ChannelSamples[0], 1000, 8000));
            Assert.False(File.Exists(final + ".part"));
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }

    private static IPEndPoint Endpoint(SdpSession session, SdpMedia media) => new(IPAddress.Parse(session.EffectiveAddress(media)!), media.Port);

    private static string Body(string message) => message[(message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    private static string WithBody(string message, string body)
    {
        var head = message[..message.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var lines = head.Split("\r\n").Select(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) ? $"Content-Length: {Encoding.UTF8.GetByteCount(body)}" : l);
        return string.Join("\r\n", lines) + "\r\n\r\n" + body;
    }

    private static string[] Flags(JsonNode segment) => [.. segment["flags"]!.AsArray().Select(f => f!.GetValue<string>())];

    /// <summary>The one recording with this x-refci, once its segment ended, and its audio.</summary>
    private static async Task<(JsonNode Segment, WavData Wav)> FinishedSegmentAsync(TestHost host, string refci)
    {
        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["refci"] == refci && r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "a finished recording in the export");
        var row = rows.Single(r => r["refci"] == refci);
        var recording = await host.Http.GetFromJsonAsync<JsonNode>($"/api/recordings/{row["recording_id"]}");
        var segment = recording!["segments"]![0]!;
        var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
        Assert.Equal(wav.ActualDataBytes, wav.DeclaredDataBytes);
        return (segment, wav);
    }

    private static List<RecordingFact> StoredFacts(TestHost host, string kind)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "correlationhub.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM recording_facts WHERE kind = $kind";
        command.Parameters.AddWithValue("$kind", kind);
        using var reader = command.ExecuteReader();
        var facts = new List<RecordingFact>();
        while (reader.Read())
        {
            facts.Add(JsonSerializer.Deserialize<RecordingFact>(reader.GetString(0), RecordingFactJson.Options)!);
        }

        return facts;
    }

    private sealed record Dialog(string CallId, string FromLine, string ToTag, string Local)
    {
        public string Request(string method, int cseq) =>
            $"{method} sip:70012@127.0.0.1:5061;transport=tcp SIP/2.0\r\n" +
            $"Via: SIP/2.0/TCP {Local};branch=z9hG4bK{method}{cseq}e2e\r\n" +
            $"{FromLine}\r\n" +
            $"To: <sip:70012@127.0.0.1>;tag={ToTag}\r\n" +
            $"Call-ID: {CallId}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Length: 0\r\n\r\n";
    }
}
