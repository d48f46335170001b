namespace CorrelationHub.Media.Codecs;

/// <summary>
/// G.729 / G.729A with Annex B through <see cref="Bcg729"/>. A payload holds zero or more 10-byte frames (10 ms, 80
/// samples each) and at most one 2-byte SID frame at its end (RFC 3551 §4.5.6), which the library turns into
/// comfort noise for its 10 ms; the silence a sender leaves between SID frames (DTX) is silence of its length on the
/// timeline. 8 kHz, or 16 kHz by linear interpolation when the other leg is wideband. One instance per stream: the
/// decoder's state must see the frames in order.
/// </summary>
public sealed class G729Decoder : IAudioDecoder, IDisposable
{
    public const int FrameBytes = 10;
    public const int SidBytes = 2;
    public const int FrameSamples = 80;

    private readonly Bcg729.DecoderHandle _context;
    private readonly bool _upsample;
    private readonly byte[] _frame = new byte[FrameBytes];
    private readonly short[] _pcm = new short[FrameSamples];
    private short _previous;

    public G729Decoder(int outputRate = 8000)
    {
        if (outputRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), "G.729 decodes to 8 kHz or, interpolated, 16 kHz.");
        }

        if (!Bcg729.IsAvailable)
        {
            throw new InvalidOperationException($"G.729 needs {Bcg729.Library} (Debian package {Bcg729.Package}).");
        }

        _context = Bcg729.InitDecoder();
        _upsample = outputRate == 16000;
        SampleRate = outputRate;
    }

    public int SampleRate { get; }

    public int SamplesFor(int payloadLength)
    {
        var frames = (payloadLength / FrameBytes) + (payloadLength % FrameBytes == SidBytes ? 1 : 0);
        return frames * FrameSamples * (_upsample ? 2 : 1);
    }

    public int Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        var written = 0;
        var offset = 0;
        while (payload.Length - offset >= FrameBytes)
        {
            payload.Slice(offset, FrameBytes).CopyTo(_frame);
            Bcg729.Decode(_context, _frame, FrameBytes, 0, 0, 0, _pcm);
            written += Emit(output[written..]);
            offset += FrameBytes;
        }

        if (payload.Length - offset == SidBytes)
        {
            // Annex B: a silence insertion descriptor; the decoder makes comfort noise from it.
            payload.Slice(offset, SidBytes).CopyTo(_frame);
            Bcg729.Decode(_context, _frame, SidBytes, 0, 1, 0, _pcm);
            written += Emit(output[written..]);
        }

        return written;
    }

    public void Dispose() => _context.Dispose();

    private int Emit(Span<short> output)
    {
        if (!_upsample)
        {
            _pcm.CopyTo(output);
            return FrameSamples;
        }

        var written = 0;
        foreach (var sample in _pcm)
        {
            output[written++] = (short)((_previous + sample) >> 1);
            output[written++] = sample;
            _previous = sample;
        }

        return written;
    }
}
