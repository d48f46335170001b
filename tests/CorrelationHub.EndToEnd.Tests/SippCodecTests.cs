using System.Text.Json.Nodes;
using System.Net.Http.Json;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// sipp as the recording client of trunks in other codecs, against the real host: a CUCM leg answered in G.729 and
/// a SIPREC session in Opus, their RTP encoded by the reference encoders (libbcg729's, Concentus') into pcaps that
/// sipp plays. The recording holds the tone of each, at the codec's rate, and the recording names the codec.
/// </summary>
public sealed class SippCodecTests
{
    private static string MediaPort() => Sipp.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_cucm_leg_answered_in_g729_is_recorded_without_a_transcoder()
    {
        await using var host = await TestHost.StartAsync();
        var (packets, _) = CodecStreams.G729(CodecStreams.Tone8k(440, 3.0), 0x729);
        var result = await Sipp.RunAsync(
            "cucm-bib-g729-leg.xml",
            host.SipTcp,
            "t1",
            directory => RtpCapture.Write(Path.Combine(directory, "tone-g729.pcap"), packets, 20_000),
            "-inf", Path.Combine(RepoPaths.Root, "scripts", "sipp", "cucm-bib-legs.csv"), "-m", "1", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var row = await FinishedRowAsync(host);
        var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
        Assert.Equal(8000, wav.SampleRate);
        var left = wav.ChannelSamples[0];
        Assert.True(Tone.Power(left, 440, 8000) > 100 * Tone.Power(left, 1000, 8000), "the agent's 440 Hz, decoded from G.729");
        Assert.InRange(Voiced(left, 8000), 2.6, 3.2);
        Assert.Equal("G729/", row["codecs"]);
        Assert.Equal("G729", await TrackCodecAsync(host, row, channel: 0));
    }

    [Fact]
    public async Task A_siprec_session_in_opus_is_recorded_at_16_khz()
    {
        await using var host = await TestHost.StartAsync();
        var packets = CodecStreams.Opus(CodecStreams.Tone48k(700, 2.5), 0x0915);
        var result = await Sipp.RunAsync(
            "siprec-opus.xml",
            host.SipTcp,
            "t1",
            directory => RtpCapture.Write(Path.Combine(directory, "tone-opus.pcap"), packets, 20_000),
            "-m", "1", "-mi", "127.0.0.1", "-mp", MediaPort());
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var row = await FinishedRowAsync(host);
        Assert.Equal("6111147", row["extension"]);
        var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
        Assert.Equal(16000, wav.SampleRate);

        // Label 1 is the customer's stream: the right channel.
        var right = wav.ChannelSamples[1];
        Assert.True(Tone.Power(right, 700, 16000) > 100 * Tone.Power(right, 1000, 16000), "the customer's 700 Hz, decoded from Opus");
        Assert.InRange(Voiced(right, 16000), 2.1, 2.7);
        Assert.Equal("OPUS", await TrackCodecAsync(host, row, channel: 1));
    }

    /// <summary>Seconds of the channel whose 20 ms frames carry sound.</summary>
    private static double Voiced(short[] channel, int rate)
    {
        var frame = rate / 50;
        return Enumerable.Range(0, channel.Length / frame).Count(i => Tone.Rms(channel.AsSpan(i * frame, frame)) > 300) * 0.02;
    }

    private static async Task<Dictionary<string, string>> FinishedRowAsync(TestHost host)
    {
        var (_, rows) = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
            csv => csv.Rows.Exists(r => r["recording_end_utc"].Length > 0),
            TimeSpan.FromSeconds(20),
            "a finished recording");
        return Assert.Single(rows);
    }

    /// <summary>The codec the stored SegmentEnded fact names for a channel.</summary>
    private static async Task<string?> TrackCodecAsync(TestHost host, Dictionary<string, string> row, int channel)
    {
        var recording = await host.Http.GetFromJsonAsync<JsonObject>($"/api/recordings/{row["recording_id"]}");
        var codecs = recording!["segments"]![0]!["codecs"]!.AsArray();
        return codecs.FirstOrDefault(c => c!["channel"]!.GetValue<int>() == channel)?["codec"]?.GetValue<string>();
    }
}
