using System.Runtime.InteropServices;

namespace CorrelationHub.Media.Codecs;

/// <summary>
/// Debian's G.729 Annex A/B library (package <c>libbcg729-0</c>), called through P/Invoke. Whether it can be loaded
/// is found out once; without it G.729 is neither offered nor decoded, and the host says so at start.
/// </summary>
public static class Bcg729
{
    /// <summary>The shared object Debian's <c>libbcg729-0</c> installs.</summary>
    public const string Library = "libbcg729.so.0";

    /// <summary>What to install when it is missing.</summary>
    public const string Package = "libbcg729-0";

    private static readonly Lazy<bool> Loaded = new(() => NativeLibrary.TryLoad(Library, typeof(Bcg729).Assembly, null, out _));

    public static bool IsAvailable => Loaded.Value;

    [DllImport(Library, EntryPoint = "initBcg729DecoderChannel")]
    internal static extern DecoderHandle InitDecoder();

    [DllImport(Library, EntryPoint = "closeBcg729DecoderChannel")]
    internal static extern void CloseDecoder(IntPtr context);

    /// <summary>Decodes one 10 ms frame (10 bytes, or a 2-byte Annex B SID frame) into 80 samples at 8 kHz.</summary>
    [DllImport(Library, EntryPoint = "bcg729Decoder")]
    internal static extern void Decode(DecoderHandle context, byte[] bitStream, byte bitStreamLength, byte frameErasureFlag, byte sidFrameFlag, byte rfc3389PayloadFlag, short[] signal);

    /// <summary>The native decoder context, released with the stream.</summary>
    internal sealed class DecoderHandle : SafeHandle
    {
        public DecoderHandle()
            : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            CloseDecoder(handle);
            return true;
        }
    }
}
