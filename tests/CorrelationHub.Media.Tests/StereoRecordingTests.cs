using CorrelationHub.Media.Recording;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests;

public sealed class StereoRecordingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ch-media-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Places_each_track_at_its_position_with_silence_between_and_renames_atomically()
    {
        var path = Path.Combine(_directory, "2026", "a.wav");
        using (var writer = new WavFileWriter(path, 8000))
        {
            var timeline = new StereoTimeline(writer, 8000);
            timeline.Write(0, 0, Tone.Sine(440, 8000, 800));
            timeline.Write(1, 1600, Tone.Sine(1000, 8000, 800));
            timeline.Write(0, 100, [1, 2, 3]); // late: already written? no, still buffered
            Assert.True(File.Exists(path + WavFileWriter.PartialSuffix));
            Assert.False(File.Exists(path));
            timeline.FlushAll();
            writer.Complete();
        }

        Assert.False(File.Exists(path + WavFileWriter.PartialSuffix));
        var wav = WavData.Parse(File.ReadAllBytes(path));
        Assert.Equal(2400, wav.ChannelSamples[0].Length);
        Assert.Equal(wav.ActualDataBytes, wav.DeclaredDataBytes);
        Assert.Equal(0, Tone.Rms(wav.ChannelSamples[1].AsSpan(0, 1600)));
        Assert.True(Tone.Rms(wav.ChannelSamples[1].AsSpan(1600, 800)) > 1000);
        Assert.Equal(0, Tone.Rms(wav.ChannelSamples[0].AsSpan(800, 1600)));
        Assert.Equal(1, wav.ChannelSamples[0][100]);
    }

    [Fact]
    public void Samples_for_positions_already_written_are_dropped_and_counted()
    {
        var path = Path.Combine(_directory, "late.wav");
        using var writer = new WavFileWriter(path, 8000);
        var timeline = new StereoTimeline(writer, 8000);
        timeline.Write(0, 0, new short[160]);
        timeline.FlushTo(160);
        timeline.Write(0, 100, new short[160]);
        Assert.Equal(60, timeline.LateSamples(0));
        Assert.Equal(260, timeline.End);
    }

    [Fact]
    public void The_rings_start_small_and_grow_with_a_track_running_ahead_keeping_every_sample_in_place()
    {
        static short At(long position, int channel) => (short)((position % 20000) + 1 + (channel * 20000));
        static short[] Run(long from, int count, int channel) => [.. Enumerable.Range(0, count).Select(i => At(from + i, channel))];

        var path = Path.Combine(_directory, "grow.wav");
        using (var writer = new WavFileWriter(path, 8000))
        {
            var timeline = new StereoTimeline(writer, 8000 * 20, initialSamples: 1024);
            Assert.Equal(1024, timeline.Capacity);

            // Both tracks to 1,000, out to 700: the ring's read position is no longer its start.
            timeline.Write(0, 0, Run(0, 1000, 0));
            timeline.Write(1, 0, Run(0, 1000, 1));
            timeline.FlushTo(700);

            // The left track runs 2.5 s ahead (it wraps the 1,024 ring and makes it grow), the right one catches up.
            for (long p = 1000; p < 21000; p += 160)
            {
                timeline.Write(0, p, Run(p, 160, 0));
            }

            Assert.Equal(32768, timeline.Capacity);
            for (long p = 1000; p < 21000; p += 160)
            {
                timeline.Write(1, p, Run(p, 160, 1));
            }

            Assert.Equal(0, timeline.LateSamples(0) + timeline.LateSamples(1));
            timeline.FlushAll();
            writer.Complete();
        }

        var wav = WavData.Parse(File.ReadAllBytes(path));
        Assert.Equal(21000, wav.ChannelSamples[0].Length);
        for (var c = 0; c < 2; c++)
        {
            var samples = wav.ChannelSamples[c];
            var wrong = Enumerable.Range(0, samples.Length).FirstOrDefault(i => samples[i] != At(i, c), -1);
            Assert.True(wrong < 0, $"channel {c} sample {wrong}: {(wrong < 0 ? 0 : samples[wrong])}, expected {(wrong < 0 ? 0 : At(wrong, c))}");
        }
    }

    [Fact]
    public void Past_its_bound_the_slower_track_gets_silence_and_late_samples_are_counted()
    {
        var path = Path.Combine(_directory, "bound.wav");
        using var writer = new WavFileWriter(path, 8000);
        var timeline = new StereoTimeline(writer, 2048, initialSamples: 1024);
        timeline.Write(0, 0, new short[3000]);
        Assert.Equal(2048, timeline.Capacity);
        Assert.Equal(3000 - 2048, timeline.FlushedPosition);
        timeline.Write(1, 0, new short[1000]);
        Assert.Equal(952, timeline.LateSamples(1));
    }

    [Fact]
    public void A_writer_disposed_without_complete_leaves_a_playable_part_file()
    {
        var path = Path.Combine(_directory, "crash.wav");
        using (var writer = new WavFileWriter(path, 8000))
        {
            writer.WriteFrames(new short[3200]);
        }

        var wav = WavData.Parse(File.ReadAllBytes(path + WavFileWriter.PartialSuffix));
        Assert.Equal(6400, wav.DeclaredDataBytes);
        Assert.Equal(wav.ActualDataBytes, wav.DeclaredDataBytes);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
