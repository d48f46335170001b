using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// The recorder against sipp, an independent SIP implementation, playing CUCM and CUBE (scripts/sipp): hold and
/// resume, CUBE SIPREC, OPTIONS while draining, CANCEL, INVITE retransmission and a lost ACK.
/// </summary>
public sealed class SippScenarioTests
{
    private static string Csv(string name) => Path.Combine(RepoPaths.Root, "scripts", "sipp", name);

    private static string MediaPort() => Sipp.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Cucm_leg_pair_with_hold_and_resume_is_two_segments_of_one_recording()
    {
        await using var host = await TestHost.StartAsync();
        var result = await Sipp.RunAsync("cucm-bib-leg.xml", host.SipTcp, "t1", "-inf", Csv("cucm-bib-hold-resume.csv"), "-m", "4", "-l", "2", "-r", "10", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Count == 2 && csv.Rows.TrueForAll(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(30),
            "two finished segments in the export");
        Assert.Single(rows.Select(r => r["recording_id"]).Distinct());
        Assert.Equal(["1", "2"], rows.Select(r => r["segment_index"]).Order());
        Assert.All(rows, r => Assert.Equal("17687488", r["refci"]));
        foreach (var row in rows)
        {
            var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
            Assert.True(Tone.Rms(wav.ChannelSamples[0]) > 100, "near-end audio on the left of segment " + row["segment_index"]);
            Assert.True(Tone.Rms(wav.ChannelSamples[1]) > 100, "far-end audio on the right of segment " + row["segment_index"]);
        }
    }

    [Fact]
    public async Task Cube_siprec_session_is_recorded_with_the_agent_from_its_metadata()
    {
        await using var host = await TestHost.StartAsync();
        var result = await Sipp.RunAsync("cube-siprec.xml", host.SipTcp, "t1", "-m", "1", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "a finished SIPREC recording");
        var row = Assert.Single(rows);
        Assert.Equal("6111147", row["extension"]);
        Assert.Equal("+353851231234", row["far_end_address"]);

        var recording = await host.Http.GetFromJsonAsync<JsonObject>($"/api/recordings/{row["recording_id"]}");
        Assert.Equal("siprec", recording!["source"]!.GetValue<string>());
        Assert.Equal("bye (Q.850;cause=16)", recording["segments"]![0]!["endReason"]!.GetValue<string>());

        // sipp plays on the first m-line, label 1: the customer's voice, on the right.
        var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
        Assert.True(Tone.Rms(wav.ChannelSamples[1]) > 100, "the customer's stream on the right");
        Assert.True(Tone.Rms(wav.ChannelSamples[0]) < 50, "nothing was sent on the agent's stream");
    }

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Options_keepalive_gets_503_with_retry_after_while_draining(string transport)
    {
        await using var host = await TestHost.StartAsync("--Sip:Drain=true");
        var result = await Sipp.RunAsync("options-drain.xml", transport == "t1" ? host.SipTcp : host.SipUdp, transport, "-m", "2");
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");
    }

    [Fact]
    public async Task Cancel_racing_the_answer_is_followed_through_either_way_and_leaves_nothing_behind()
    {
        await using var host = await TestHost.StartAsync();
        var result = await Sipp.RunAsync("cancel.xml", host.SipUdp, "u1", "-m", "20", "-r", "50", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var counters = await Counters(host);
        Assert.Equal(20, counters["cancelsWon"] + counters["invitesAccepted"]);

        // Only answered calls became recordings, each finished (its BYE arrived); cancelled ones left no trace.
        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Count == counters["invitesAccepted"] && csv.Rows.TrueForAll(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "one finished recording per answered call");
        Assert.Equal(counters["invitesAccepted"], rows.Count);
    }

    [Fact]
    public async Task Retransmitted_invites_make_one_recording()
    {
        await using var host = await TestHost.StartAsync();
        var result = await Sipp.RunAsync("invite-retransmission.xml", host.SipUdp, "u1", "-m", "1", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "the recording");
        Assert.Single(rows);
        Assert.True((await Counters(host))["retransmissionsAbsorbed"] >= 2);
    }

    [Fact]
    public async Task A_lost_ack_gets_200_retransmissions_then_our_bye_and_the_segment_ends_no_ack()
    {
        await using var host = await TestHost.StartAsync("--Sip:T1Milliseconds=50");
        var result = await Sipp.RunAsync("ack-loss.xml", host.SipUdp, "u1", "-m", "1", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "the failed recording");
        var recording = await host.Http.GetFromJsonAsync<JsonObject>($"/api/recordings/{Assert.Single(rows)["recording_id"]}");
        Assert.Equal("no-ack", recording!["segments"]![0]!["endReason"]!.GetValue<string>());

        var counters = await Counters(host);
        Assert.True(counters["twoXxRetransmissions"] >= 3, $"{counters["twoXxRetransmissions"]} retransmissions");
        Assert.Equal(1, counters["ackTimeouts"]);
        Assert.Equal(1, counters["byesSent"]);
    }

    private static async Task<Dictionary<string, long>> Counters(TestHost host)
    {
        var ready = await host.Http.GetFromJsonAsync<JsonObject>("/health/ready");
        return ready!["counters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
    }
}
