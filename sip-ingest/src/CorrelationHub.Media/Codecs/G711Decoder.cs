namespace CorrelationHub.Media.Codecs;

/// <summary>
/// G.711 µ-law or A-law to PCM at 8 kHz, or at 16 kHz by linear interpolation (when the other leg of the segment is
/// wideband and the segment is stored at 16 kHz).
/// </summary>
public sealed class G711Decoder : IAudioDecoder
{
    private readonly bool _muLaw;
    private readonly bool _upsample;
    private short _previous;

    public G711Decoder(bool muLaw, int outputRate = 8000)
    {
        if (outputRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), "G.711 decodes to 8 kHz or, interpolated, 16 kHz.");
        }

        _muLaw = muLaw;
        _upsample = outputRate == 16000;
        SampleRate = outputRate;
    }

    public int SampleRate { get; }

    public int SamplesFor(int payloadLength) => _upsample ? payloadLength * 2 : payloadLength;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        if (!_upsample)
        {
            if (_muLaw)
            {
                G711.DecodeMuLaw(payload, output);
            }
            else
            {
                G711.DecodeALaw(payload, output);
            }

            return payload.Length;
        }

        var written = 0;
        foreach (var code in payload)
        {
            var sample = _muLaw ? G711.DecodeMuLaw(code) : G711.DecodeALaw(code);
            output[written++] = (short)((_previous + sample) >> 1);
            output[written++] = sample;
            _previous = sample;
        }

        return written;
    }
}
