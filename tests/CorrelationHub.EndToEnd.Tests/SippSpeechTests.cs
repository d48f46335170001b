using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using CorrelationHub.Media.Codecs;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// sipp plays CUCM's near-end recording leg carrying espeak-ng speech (a G.711 A-law capture made by
/// scripts/sipp/make-speech-pcap.mjs); the recorded left channel must be that speech, sample for sample up to a
/// delay, found by cross-correlation.
/// </summary>
public sealed class SippSpeechTests
{
    [Fact]
    public async Task Speech_played_by_sipp_is_what_the_recording_holds()
    {
        var work = Path.Combine(Path.GetTempPath(), "sipp-speech-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var pcap = Path.Combine(work, "speech-g711a.pcap");
            await RunAsync("node", work, Path.Combine(RepoPaths.Root, "scripts", "sipp", "make-speech-pcap.mjs"), pcap);
            var sent = SpeechFromPcap(File.ReadAllBytes(pcap));
            Assert.True(sent.Length > 8000 * 3, "at least three seconds of speech");

            await using var host = await TestHost.StartAsync();
            var output = await RunAsync(
                "/usr/bin/sipp",
                work,
                "-sf", Path.Combine(RepoPaths.Root, "scripts", "sipp", "cucm-bib-speech-leg.xml"),
                "-inf", Path.Combine(RepoPaths.Root, "scripts", "sipp", "cucm-bib-legs.csv"),
                "-t", "t1", "-i", "127.0.0.1", "-p", Sipp.FreePort().ToString(CultureInfo.InvariantCulture),
                "-mi", "127.0.0.1", "-mp", Sipp.FreePort().ToString(CultureInfo.InvariantCulture),
                "-m", "1", "-nostdin", "-timeout", "60s", host.SipTcp.ToString());

            var (_, rows) = await Eventually.Until(
                async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")),
                csv => csv.Rows.Exists(r => r["recording_end_utc"].Length > 0),
                TimeSpan.FromSeconds(20),
                "the finished recording: " + output);
            var row = Assert.Single(rows);
            var wav = WavData.Parse(await host.Http.GetByteArrayAsync(row["audio_url"]));
            var left = wav.ChannelSamples[0];
            Assert.Equal(8000, wav.SampleRate);
            Assert.Equal(left.Length, Silent(wav.ChannelSamples[1]));

            var (lag, correlation) = BestAlignment(sent, left, maxLag: 16000);
            Assert.True(correlation > 0.98, $"normalised cross-correlation {correlation:F3} at lag {lag}");
            Assert.InRange(Tone.Rms(left.AsSpan(lag, sent.Length)), 0.95 * Tone.Rms(sent), 1.05 * Tone.Rms(sent));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Count of silent samples (the far-end leg was not sent: its channel must be silence, not noise).</summary>
    private static int Silent(short[] channel) => channel.Count(s => s == 0);

    private static (int Lag, double Correlation) BestAlignment(short[] reference, short[] recorded, int maxLag)
    {
        var best = (Lag: -1, Correlation: double.MinValue);
        var referenceEnergy = reference.Sum(s => s * (double)s);
        for (var lag = 0; lag <= Math.Min(maxLag, recorded.Length - reference.Length); lag++)
        {
            double dot = 0, energy = 0;
            for (var i = 0; i < reference.Length; i++)
            {
                dot += reference[i] * (double)recorded[lag + i];
                energy += recorded[lag + i] * (double)recorded[lag + i];
            }

            var correlation = energy == 0 ? 0 : dot / Math.Sqrt(referenceEnergy * energy);
            if (correlation > best.Correlation)
            {
                best = (lag, correlation);
            }
        }

        return best;
    }

    /// <summary>The A-law RTP payloads of a classic Ethernet pcap, decoded in order.</summary>
    private static short[] SpeechFromPcap(byte[] pcap)
    {
        var samples = new List<short>();
        var offset = 24;
        while (offset + 16 <= pcap.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(pcap.AsSpan(offset + 8));
            var frame = pcap.AsSpan(offset + 16, length);
            var ipHeader = (frame[14] & 0x0F) * 4;
            var rtp = frame[(14 + ipHeader + 8)..];
            foreach (var code in rtp[12..])
            {
                samples.Add(G711.DecodeALaw(code));
            }

            offset += 16 + length;
        }

        return [.. samples];
    }

    private static async Task<string> RunAsync(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        var text = $"{await output}\n{await error}";
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(file)} exited {process.ExitCode}:\n{text}");
        return text;
    }
}
