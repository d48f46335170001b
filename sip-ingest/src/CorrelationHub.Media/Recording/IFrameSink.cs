namespace CorrelationHub.Media.Recording;

/// <summary>Receives interleaved 16-bit stereo frames in order.</summary>
public interface IFrameSink
{
    void WriteFrames(ReadOnlySpan<short> interleaved);
}
