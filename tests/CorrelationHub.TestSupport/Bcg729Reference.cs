using System.Runtime.InteropServices;
namespace CorrelationHub.TestSupport;

/// <summary>
/// The reference G.729 encoder and decoder of Debian's libbcg729 (from the tests, through P/Invoke): known signals are
/// encoded with it, and the recorder's output is compared with its decoder's.
/// </summary>
public sealed class Bcg729Reference : IDisposable
{
    /// <summary>Debian's libbcg729-0 (the recorder loads the same library).</summary>
    public const string Library = "libbcg729.so.0";

    private readonly IntPtr _encoder;
    private readonly IntPtr _decoder;

    public Bcg729Reference(bool vad = false)
    {
        _encoder = InitEncoder(vad ? (byte)1 : (byte)0);
        _decoder = InitDecoder();
    }

    /// <summary>One 10 ms frame of 80 samples: 10 bytes, 2 (an Annex B SID frame) or 0 (not transmitted, DTX).</summary>
    public byte[] Encode(short[] frame)
    {
        var bits = new byte[10];
        byte length = 0;
        Encoder(_encoder, frame, bits, ref length);
        return bits[..length];
    }

    /// <summary>What the reference decoder makes of one frame (10 bytes, or 2 for SID).</summary>
    public short[] Decode(byte[] frame)
    {
        var pcm = new short[80];
        var bits = new byte[10];
        frame.CopyTo(bits, 0);
        Decoder(_decoder, bits, (byte)frame.Length, 0, frame.Length == 2 ? (byte)1 : (byte)0, 0, pcm);
        return pcm;
    }

    public void Dispose()
    {
        CloseEncoder(_encoder);
        CloseDecoder(_decoder);
    }

    [DllImport(Library, EntryPoint = "initBcg729EncoderChannel")]
    private static extern IntPtr InitEncoder(byte enableVad);

    [DllImport(Library, EntryPoint = "closeBcg729EncoderChannel")]
    private static extern void CloseEncoder(IntPtr context);

    [DllImport(Library, EntryPoint = "bcg729Encoder")]
    private static extern void Encoder(IntPtr context, short[] inputFrame, byte[] bitStream, ref byte bitStreamLength);

    [DllImport(Library, EntryPoint = "initBcg729DecoderChannel")]
    private static extern IntPtr InitDecoder();

    [DllImport(Library, EntryPoint = "closeBcg729DecoderChannel")]
    private static extern void CloseDecoder(IntPtr context);

    [DllImport(Library, EntryPoint = "bcg729Decoder")]
    private static extern void Decoder(IntPtr context, byte[] bitStream, byte bitStreamLength, byte frameErasureFlag, byte sidFrameFlag, byte rfc3389PayloadFlag, short[] signal);
}
