using CorrelationHub.Media.Recording;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// The audio of one segment: a stereo timeline written incrementally to one WAV file. Position 0 is
/// <see cref="StartedAt"/>. Callers hold <see cref="Gate"/> around every call.
/// </summary>
public sealed class SegmentRecorder
{
    private readonly TimeProvider _time;
    private readonly WavFileWriter _writer;
    private readonly StereoTimeline _timeline;
    private readonly long _jitterSamples;

    public SegmentRecorder(string finalPath, DateTimeOffset startedAt, TimeProvider time, int sampleRate, int jitterAllowanceMs)
    {
        _time = time;
        StartedAt = startedAt;
        StartTimestamp = time.GetTimestamp();
        SampleRate = sampleRate;
        _writer = new WavFileWriter(finalPath, sampleRate);
        _timeline = new StereoTimeline(_writer, sampleRate * 20);
        _jitterSamples = (long)sampleRate * jitterAllowanceMs / 1000;
    }

    public Lock Gate { get; } = new();

    public DateTimeOffset StartedAt { get; }

    public long StartTimestamp { get; }

    public int SampleRate { get; }

    public bool Finished { get; private set; }

    public string FinalPath => _writer.FinalPath;

    /// <summary>Where on the timeline a packet that arrived at <paramref name="arrivalTimestamp"/> belongs by wall clock.</summary>
    public long ArrivalPosition(long arrivalTimestamp) => (long)(_time.GetElapsedTime(StartTimestamp, arrivalTimestamp).TotalSeconds * SampleRate);

    /// <summary>Places samples, then writes out everything older than the jitter allowance.</summary>
    public void Write(int channel, long position, ReadOnlySpan<short> samples)
    {
        if (Finished)
        {
            return;
        }

        _timeline.Write(channel, position, samples);
        _timeline.FlushTo(_timeline.End - _jitterSamples);
    }

    public long LateSamples(int channel) => _timeline.LateSamples(channel);

    /// <summary>Writes the rest (silence up to <paramref name="endedAt"/>), finalises and renames the file; returns its length in seconds.</summary>
    public double Finish(DateTimeOffset endedAt)
    {
        if (Finished)
        {
            return _writer.Duration.TotalSeconds;
        }

        Finished = true;
        var endPosition = (long)((endedAt - StartedAt).TotalSeconds * SampleRate);
        _timeline.FlushTo(Math.Max(_timeline.End, endPosition));
        _writer.Complete();
        return _writer.Duration.TotalSeconds;
    }
}
