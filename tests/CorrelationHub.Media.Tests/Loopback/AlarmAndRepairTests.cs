using System.Text.Json;
using CorrelationHub.Media.Recording;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CorrelationHub.Media.Tests.Loopback;

public sealed class AlarmAndRepairTests
{
    private static RecordingFact StartFact(DateTimeOffset at) => new()
    {
        Kind = RecordingFactKind.SegmentStarted,
        RecordingId = "0196a1b2c3d4e5f6a7b8c9d0e1f2a3b4",
        SegmentIndex = 1,
        OccurredAt = at,
        Source = "cucm-bib",
        AgentExtension = "61001",
        RefCi = "17687488",
        SegmentStart = at,
    };

    [Fact]
    public void No_audio_is_raised_live_after_the_configured_time_and_cleared_when_audio_comes()
    {
        using var loop = new MediaLoopback(new SipIngest.Options.MediaOptions { NoAudioSeconds = 5 });
        var stream = loop.Open(0);
        loop.Recorder.Started(StartFact(loop.Time.GetUtcNow()));
        loop.Advance(4900);
        Assert.Empty(loop.Facts.Published);

        loop.Advance(200);
        var alarm = Assert.Single(loop.Facts.Published);
        Assert.Equal(RecordingFactKind.MediaAlarm, alarm.Kind);
        Assert.Equal(["no-audio"], alarm.Flags);
        Assert.Equal("61001", alarm.AgentExtension);
        Assert.Equal(0, Assert.Single(alarm.Tracks).Packets);

        using var sender = loop.Sender();
        loop.Deliver(stream, sender, new ToneStream(440, 1, 1, 0).Next());
        Assert.Equal(2, loop.Facts.Published.Count);
        var cleared = loop.Facts.Published.Last();
        Assert.Equal(RecordingFactKind.MediaAlarm, cleared.Kind);
        Assert.Empty(cleared.Flags);
        Assert.Equal(5100, cleared.Tracks[0].FirstPacketDelayMs);
    }

    [Fact]
    public void An_inactive_stream_raises_no_alarm_and_is_not_flagged_no_audio()
    {
        using var loop = new MediaLoopback(new SipIngest.Options.MediaOptions { NoAudioSeconds = 5 });
        var stream = loop.Open(0);
        stream.SetInactive(true);
        loop.Recorder.Started(StartFact(loop.Time.GetUtcNow()));
        loop.Advance(30_000);
        Assert.Empty(loop.Facts.Published);
        var wav = loop.Finish();
        Assert.DoesNotContain("no-audio", stream.Flags());
        Assert.Equal(30 * 8000, wav.ChannelSamples[0].Length);
        Assert.Equal(wav.ChannelSamples[0].Length, Audio.Zeros(wav.ChannelSamples[0]));
    }

    [Fact]
    public void A_stream_with_audio_before_the_deadline_raises_nothing()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        loop.Recorder.Started(StartFact(loop.Time.GetUtcNow()));
        using var sender = loop.Sender();
        loop.Advance(300);
        loop.Deliver(stream, sender, new ToneStream(440, 1, 1, 0).Next());
        loop.Advance(10_000);
        Assert.Empty(loop.Facts.Published);
        Assert.Equal(300, stream.Quality().FirstPacketDelayMs);
    }

    [Fact]
    public void A_part_left_by_an_unexpected_exit_is_repaired_renamed_and_reported_from_its_sidecar()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ch-repair-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var time = new FakeTimeProvider();
            var final = Path.Combine(directory, "2026", "04", "20", "0196a1b2c3d4e5f6a7b8c9d0e1f2a3b4-01.wav");
            var recorder = new SegmentRecorder(final, time.GetUtcNow(), time, 0, 300);
            recorder.Started(StartFact(time.GetUtcNow()));
            recorder.ChooseSampleRate(8000);
            var tone = Tone.Sine(440, 8000, 8000 * 3);
            time.Advance(TimeSpan.FromSeconds(3));
            recorder.Write(0, 0, tone);
            recorder.Abandon();

            // A crash leaves a header from the last refresh: make it stale, and add half a frame, as a kill would.
            using (var stream = new FileStream(final + ".part", FileMode.Open))
            {
                Span<byte> header = stackalloc byte[WavFormat.HeaderSize];
                WavFormat.WriteHeader(header, 8000, 2, 3200);
                stream.Write(header);
                stream.Seek(0, SeekOrigin.End);
                stream.Write(new byte[] { 1, 2 });
            }

            var sink = new MediaLoopback.CapturingSink();
            var facts = new RecordingRepair(directory, sink, time, NullLogger.Instance).Run();

            var fact = Assert.Single(facts);
            Assert.Same(fact, Assert.Single(sink.Published));
            Assert.Equal(RecordingFactKind.SegmentEnded, fact.Kind);
            Assert.Equal("recovered", fact.EndReason);
            Assert.Equal("61001", fact.AgentExtension);
            Assert.Equal("17687488", fact.RefCi);
            Assert.Equal("2026/04/20/0196a1b2c3d4e5f6a7b8c9d0e1f2a3b4-01.wav", fact.AudioFile);
            Assert.Contains("recovered", fact.Flags);
            Assert.False(File.Exists(final + ".part"));
            Assert.False(File.Exists(recorder.SidecarPath));

            var wav = WavData.Parse(File.ReadAllBytes(final));
            Assert.Equal(wav.ActualDataBytes, wav.DeclaredDataBytes);
            // Everything that reached the disk plays: 3 s written, less the 300 ms jitter window still in memory.
            Assert.Equal(8000 * 27 / 10 * 4, wav.DeclaredDataBytes);
            Assert.Equal(2.7, fact.AudioSeconds!.Value, 3);
            Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 100 * Tone.Power(wav.ChannelSamples[0], 1000, 8000));

            // Run again: nothing left to repair, nothing reported twice.
            Assert.Empty(new RecordingRepair(directory, sink, time, NullLogger.Instance).Run());
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_finished_file_whose_end_fact_may_be_lost_is_reported_again_never_rewritten()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ch-repair-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var time = new FakeTimeProvider();
            var final = Path.Combine(directory, "2026", "04", "20", "abc-02.wav");
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            var bytes = new byte[WavFormat.HeaderSize + 16000];
            WavFormat.WriteHeader(bytes, 8000, 2, 16000);
            File.WriteAllBytes(final, bytes);
            File.WriteAllBytes(final + SegmentRecorder.SidecarSuffix, JsonSerializer.SerializeToUtf8Bytes(StartFact(time.GetUtcNow()) with { RecordingId = "abc", SegmentIndex = 2 }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            var written = File.GetLastWriteTimeUtc(final);

            var sink = new MediaLoopback.CapturingSink();
            var fact = Assert.Single(new RecordingRepair(directory, sink, time, NullLogger.Instance).Run());
            Assert.Equal("abc", fact.RecordingId);
            Assert.Equal(2, fact.SegmentIndex);
            Assert.Equal(0.5, fact.AudioSeconds!.Value, 3);
            Assert.Equal(bytes, File.ReadAllBytes(final));
            Assert.Equal(written, File.GetLastWriteTimeUtc(final));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
