using System.Buffers.Binary;

namespace CorrelationHub.Media.Srtp;

/// <summary>RTP header length and the counter-mode IV and GCM nonces of SRTP and SRTCP.</summary>
internal static class SrtpIv
{
    /// <summary>Length of the RTP header with CSRCs and extension (RFC 3550 §5.1, §5.3.1); −1 when malformed.</summary>
    internal static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        var offset = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
            {
                return -1;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        }

        return offset > packet.Length ? -1 : offset;
    }

    /// <summary>RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16).</summary>
    internal static void Counter(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[13 - i] ^= (byte)(index >> (8 * i));
        }
    }

    /// <summary>RFC 7714 §8.1: IV = (0x0000 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt.</summary>
    internal static void GcmRtp(ReadOnlySpan<byte> salt, uint ssrc, uint roc, ushort sequence, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    /// <summary>RFC 7714 §9.1: IV = (0x0000 ‖ SSRC ‖ 0x0000 ‖ 0 ‖ SRTCP index) XOR salt.</summary>
    internal static void GcmRtcp(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= salt[i];
        }
    }
}
