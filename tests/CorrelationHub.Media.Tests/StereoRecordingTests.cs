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
