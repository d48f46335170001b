using Concentus;

namespace CorrelationHub.Media.Codecs;

/// <summary>
/// Opus (RFC 7587, <c>opus/48000/2</c>) through the managed Concentus decoder, to one channel (a stereo stream is
/// mixed down: each party is one channel of the file). It decodes at 48 kHz and lowers that to the segment's rate
/// through <see cref="Decimator"/> (Concentus 2.2 returns silence for SILK packets decoded straight to 8 or 16 kHz).
/// DTX leaves gaps in sending that become silence of their length. A lost packet is rebuilt from the next one's
/// in-band FEC (RFC 7587 §3.2) when the track asks for it (<see cref="DecodeLost"/>). One instance per stream.
/// </summary>
public sealed class OpusAudioDecoder : IAudioDecoder
{
    /// <summary>The longest Opus packet: 120 ms.</summary>
    private const int MaxMilliseconds = 120;

    private const int DecodeRate = 48000;

    private readonly IOpusDecoder _decoder;
    private readonly Decimator? _decimator;
    private readonly short[] _full = new short[DecodeRate * MaxMilliseconds / 1000];

    static OpusAudioDecoder() => OpusCodecFactory.AttemptToUseNativeLibrary = false;

    public OpusAudioDecoder(int outputRate = 16000)
    {
        if (outputRate is not (8000 or 16000 or 48000))
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), "Opus decodes here to 8, 16 or 48 kHz.");
        }

        SampleRate = outputRate;
        _decoder = OpusCodecFactory.CreateDecoder(DecodeRate, 1, null);
        _decimator = outputRate == DecodeRate ? null : new Decimator(DecodeRate / outputRate);
    }

    public int SampleRate { get; }

    public int SamplesFor(int payloadLength) => (SampleRate * MaxMilliseconds / 1000) + 1;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        try
        {
            return Lower(_decoder.Decode(payload, _full, _full.Length, false), output);
        }
        catch (Exception ex) when (ex is OpusException or ArgumentException or IndexOutOfRangeException)
        {
            // A corrupt packet: nothing from it (the track counts it as decoded audio of zero length).
            return 0;
        }
    }

    /// <summary>
    /// The packet before <paramref name="next"/> was lost: its <paramref name="samples"/> are rebuilt from the FEC data
    /// <paramref name="next"/> carries, or concealed when it carries none.
    /// </summary>
    public int DecodeLost(ReadOnlySpan<byte> next, int samples, Span<short> output)
    {
        try
        {
            var full = samples * (DecodeRate / SampleRate);
            return full > _full.Length ? 0 : Lower(_decoder.Decode(next, _full.AsSpan(0, full), full, true), output);
        }
        catch (Exception ex) when (ex is OpusException or ArgumentException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private int Lower(int decoded, Span<short> output)
    {
        if (_decimator is null)
        {
            _full.AsSpan(0, decoded).CopyTo(output);
            return decoded;
        }

        return _decimator.Process(_full.AsSpan(0, decoded), output);
    }
}
