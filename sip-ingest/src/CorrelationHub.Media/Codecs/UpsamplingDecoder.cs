namespace CorrelationHub.Media.Codecs;

/// <summary>
/// Raises another decoder's output by a whole factor with linear interpolation (a narrowband leg in a 48 kHz file).
/// One instance per stream.
/// </summary>
public sealed class UpsamplingDecoder(IAudioDecoder inner, int factor) : IAudioDecoder, IDisposable
{
    private short[] _buffer = [];
    private short _previous;

    public int SampleRate => inner.SampleRate * factor;

    public int SamplesFor(int payloadLength) => inner.SamplesFor(payloadLength) * factor;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        var needed = inner.SamplesFor(payload.Length);
        if (_buffer.Length < needed)
        {
            _buffer = new short[needed];
        }

        var count = inner.Decode(payload, _buffer);
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var sample = _buffer[i];
            for (var k = 1; k <= factor; k++)
            {
                output[written++] = (short)(_previous + ((sample - _previous) * k / factor));
            }

            _previous = sample;
        }

        return written;
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
