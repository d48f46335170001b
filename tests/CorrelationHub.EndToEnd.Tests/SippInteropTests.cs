using System.Net;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>The recorder against sipp, an independent SIP implementation, playing CUCM.</summary>
public sealed class SippInteropTests
{
    [Theory]
    [InlineData("t1")]
    [InlineData("u1")]
    public async Task Sipp_cucm_leg_pair_is_recorded_as_one_stereo_segment(string transport)
    {
        await using var host = await TestHost.StartAsync();
        var target = transport == "t1" ? host.SipTcp : host.SipUdp;
        var result = await Sipp.RunAsync(
            "cucm-bib-leg.xml",
            target,
            transport,
            "-inf", Path.Combine(RepoPaths.Root, "scripts", "sipp", "cucm-bib-legs.csv"),
            "-m", "2",
            "-l", "2",
            "-r", "10",
            "-mi", "127.0.0.1",
            "-mp", Sipp.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "a finished recording in the export");
        var row = Assert.Single(rows);
        Assert.Equal("17687488", row["refci"]);
        Assert.Equal("61001", row["extension"]);
        Assert.Equal("unmatched_recording", row["match_status"]);
        Assert.Equal(string.Empty, row["flags"]);

        var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
        Assert.True(Tone.Rms(wav.ChannelSamples[0]) > 100, "near-end leg's audio on the left");
        Assert.True(Tone.Rms(wav.ChannelSamples[1]) > 100, "far-end leg's audio on the right");
    }

    [Theory]
    [InlineData("t1")]
    [InlineData("u1")]
    public async Task Sipp_options_keepalive_gets_200(string transport)
    {
        await using var host = await TestHost.StartAsync();
        var result = await Sipp.RunAsync("options-ping.xml", transport == "t1" ? host.SipTcp : host.SipUdp, transport, "-m", "3");
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");
    }
}
