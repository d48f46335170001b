namespace CorrelationHub.Media.Codecs;

/// <summary>Turns one RTP payload into 16-bit PCM at <see cref="SampleRate"/>. One instance per stream.</summary>
public interface IAudioDecoder
{
    int SampleRate { get; }

    /// <summary>How many samples <see cref="Decode"/> writes for a payload of this length.</summary>
    int SamplesFor(int payloadLength);

    int Decode(ReadOnlySpan<byte> payload, Span<short> output);
}
