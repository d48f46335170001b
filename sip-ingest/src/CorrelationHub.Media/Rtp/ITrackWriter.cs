namespace CorrelationHub.Media.Rtp;

/// <summary>Where a track's decoded audio goes: one channel of a segment's stereo timeline.</summary>
public interface ITrackWriter
{
    /// <summary>The segment's sample rate; 0 until the first decodable audio chose it.</summary>
    int SampleRate { get; }

    /// <summary>Fixes the sample rate on first audio (a later call keeps the first choice).</summary>
    void ChooseSampleRate(int preferred);

    /// <summary>The timeline position of a wall-clock arrival (TimeProvider timestamp).</summary>
    long ArrivalPosition(long arrivalTimestamp);

    /// <summary>Every position below this is already in the file: samples placed there would be lost.</summary>
    long WrittenPosition { get; }

    void Write(int channel, long position, ReadOnlySpan<short> samples);
}
