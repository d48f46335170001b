using System.Buffers;
using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the 128-bit IV is the first counter block and the
/// block counter steps in its low 16 bits. Built on the platform's AES-ECB over counter blocks.
/// </summary>
public static class AesCounterMode
{
    /// <summary>Writes keystream into <paramref name="output"/>.</summary>
    public static void Keystream(Aes aes, ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Xor(aes, iv, output);
    }

    /// <summary>XORs the keystream into <paramref name="data"/> in place (encryption and decryption alike).</summary>
    public static void Xor(Aes aes, ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var blocks = (data.Length + 15) / 16;
        var size = blocks * 16;
        byte[]? rented = null;
        Span<byte> counters = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            var low = (iv[14] << 8) | iv[15];
            for (var block = 0; block < blocks; block++)
            {
                var counter = counters.Slice(block * 16, 16);
                iv[..14].CopyTo(counter);
                var value = (low + block) & 0xFFFF;
                counter[14] = (byte)(value >> 8);
                counter[15] = (byte)value;
            }

            aes.EncryptEcb(counters, counters, PaddingMode.None);
            for (var i = 0; i < data.Length; i++)
            {
                data[i] ^= counters[i];
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
