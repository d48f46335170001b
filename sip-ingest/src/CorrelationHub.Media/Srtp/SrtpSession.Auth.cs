using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>The RTP authentication tag of the CM suites (RFC 3711 §4.2: HMAC-SHA1 over the packet, then the ROC).</summary>
public sealed partial class SrtpSession
{
    private const int ContiguousAuthLimit = 2048;

    // Packet and ROC side by side, so the platform HMAC is called once per packet instead of twice (each call into
    // the platform costs about as much as hashing a G.711 packet). One buffer per thread, not per session: with
    // thousands of streams a per-session buffer is cold each time its stream's next packet comes.
    [ThreadStatic]
    private static byte[]? t_authScratch;

    private void RtpMac(IncrementalHash hmac, ReadOnlySpan<byte> authenticated, uint roc, Span<byte> mac)
    {
        var total = authenticated.Length + 4;
        if (total > ContiguousAuthLimit)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            hmac.AppendData(authenticated);
            hmac.AppendData(rocBytes);
        }
        else
        {
            var scratch = t_authScratch ??= new byte[ContiguousAuthLimit];
            authenticated.CopyTo(scratch);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.AsSpan(authenticated.Length), roc);
            hmac.AppendData(scratch.AsSpan(0, total));
        }

        hmac.GetHashAndReset(mac);
    }
}
