namespace CorrelationHub.Media.Codecs;

/// <summary>
/// G.729 / G.729A with Annex B through <see cref="Bcg729"/>. A payload holds zero or more 10-byte frames (10 ms, 80
/// samples each) and at most one 2-byte SID frame at its end (RFC 3551 §4.5.6), which the library turns into
/// comfort noise for its 10 ms; the silence a sender leaves between SID frames (DTX) is silence of its length on the
/// timeline. 8 kHz (a wideband segment takes it through <see cref="UpsamplingDecoder"/>). One instance per stream:
/// the decoder's state must see the frames in order.
/// </summary>
public sealed class G729Decoder : IAudioDecoder, IDisposable
{
    public const int FrameBytes = 10;
    public const int SidBytes = 2;
    public const int FrameSamples = 80;

    private readonly Bcg729.DecoderHandle _context;
    private readonly byte[] _frame = new byte[FrameBytes];
    private readonly short[] _pcm = new short[FrameSamples];

    public G729Decoder()
    {
        if (!Bcg729.IsAvailable)
        {
            throw new InvalidOperationException($"G.729 needs {Bcg729.Library} (Debian package {Bcg729.Package}).");
        }

        _context = Bcg729.InitDecoder();
    }

    public int SampleRate => 8000;

    public int SamplesFor(int payloadLength)
    {
        var frames = (payloadLength / FrameBytes) + (payloadLength % FrameBytes == SidBytes ? 1 : 0);
        return frames * FrameSamples;
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
        _pcm.CopyTo(output);
        return FrameSamples;
    }
}
