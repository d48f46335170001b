using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// HMAC-SHA1 (RFC 2104 over FIPS 180-4) keyed once: the states after the inner and outer padded key are kept, so a
/// packet costs only its own blocks and one outer block, with no call into the platform and no per-call set-up. A
/// stream's whole authentication state is these 40 bytes, which stays warm beside the rest of the stream when
/// thousands of streams take turns (the platform's keyed contexts are several heap objects each).
/// </summary>
internal sealed class HmacSha1
{
    public const int HashLength = 20;
    private const int BlockLength = 64;

    private readonly uint[] _inner = new uint[5];
    private readonly uint[] _outer = new uint[5];

    public HmacSha1(ReadOnlySpan<byte> key)
    {
        // RFC 2104 §2: a key longer than the block is hashed first; SRTP's auth keys are 20 bytes.
        Span<byte> padded = stackalloc byte[BlockLength];
        padded.Clear();
        if (key.Length > BlockLength)
        {
            System.Security.Cryptography.SHA1.HashData(key, padded);
        }
        else
        {
            key.CopyTo(padded);
        }

        Span<byte> block = stackalloc byte[BlockLength];
        Keyed(padded, block, 0x36, _inner);
        Keyed(padded, block, 0x5c, _outer);
        block.Clear();
        padded.Clear();
    }

    /// <summary>The MAC of <paramref name="data"/> followed by the big-endian <paramref name="suffix"/> (SRTP's ROC, RFC 3711 §4.2).</summary>
    public void Compute(ReadOnlySpan<byte> data, uint suffix, Span<byte> mac) => Compute(data, suffix, true, mac);

    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => Compute(data, 0, false, mac);

    private void Compute(ReadOnlySpan<byte> data, uint suffix, bool withSuffix, Span<byte> mac)
    {
        Span<uint> state = stackalloc uint[5];
        _inner.CopyTo(state);
        var full = data.Length & ~(BlockLength - 1);
        for (var offset = 0; offset < full; offset += BlockLength)
        {
            Compress(state, data.Slice(offset, BlockLength));
        }

        // The tail, the suffix and the padding: at most two blocks (FIPS 180-4 §5.1.1).
        Span<byte> tail = stackalloc byte[2 * BlockLength];
        tail.Clear();
        var rest = data.Length - full;
        data[full..].CopyTo(tail);
        if (withSuffix)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tail[rest..], suffix);
            rest += 4;
        }

        var messageBits = (ulong)(BlockLength + data.Length + (withSuffix ? 4 : 0)) * 8;
        tail[rest] = 0x80;
        var tailLength = rest + 9 <= BlockLength ? BlockLength : 2 * BlockLength;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], messageBits);
        Compress(state, tail[..BlockLength]);
        if (tailLength > BlockLength)
        {
            Compress(state, tail[BlockLength..]);
        }

        // Outer hash: the outer key block, then the inner digest in one padded block.
        Span<byte> outerBlock = tail[..BlockLength];
        outerBlock.Clear();
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(outerBlock[(i * 4)..], state[i]);
        }

        outerBlock[HashLength] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(outerBlock[(BlockLength - 8)..], (ulong)(BlockLength + HashLength) * 8);
        _outer.CopyTo(state);
        Compress(state, outerBlock);

        Span<byte> digest = stackalloc byte[HashLength];
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i]);
        }

        digest[..Math.Min(mac.Length, HashLength)].CopyTo(mac);
    }

    private static void Keyed(ReadOnlySpan<byte> padded, Span<byte> block, byte pad, uint[] into)
    {
        for (var i = 0; i < BlockLength; i++)
        {
            block[i] = (byte)(padded[i] ^ pad);
        }

        into[0] = 0x67452301;
        into[1] = 0xEFCDAB89;
        into[2] = 0x98BADCFE;
        into[3] = 0x10325476;
        into[4] = 0xC3D2E1F0;
        Compress(into, block);
    }

    // FIPS 180-4 §6.1.2, with the message schedule kept in a 16-word ring (indices masked, so no bounds checks).
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block.Length, BlockLength);
        Span<uint> ring = stackalloc uint[16];
        ref var w = ref MemoryMarshal.GetReference(ring);
        ref var input = ref MemoryMarshal.GetReference(block);
        for (var i = 0; i < 16; i++)
        {
            Unsafe.Add(ref w, i) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref input, i * 4)));
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (var t = 0; t < 16; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (~b & d)) + 0x5A827999u + Unsafe.Add(ref w, t));
        }

        for (var t = 16; t < 20; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (~b & d)) + 0x5A827999u + Schedule(ref w, t));
        }

        for (var t = 20; t < 40; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, (b ^ c ^ d) + 0x6ED9EBA1u + Schedule(ref w, t));
        }

        for (var t = 40; t < 60; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (d & (b | c))) + 0x8F1BBCDCu + Schedule(ref w, t));
        }

        for (var t = 60; t < 80; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, (b ^ c ^ d) + 0xCA62C1D6u + Schedule(ref w, t));
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Schedule(ref uint w, int t)
    {
        ref var slot = ref Unsafe.Add(ref w, t & 15);
        var word = BitOperations.RotateLeft(Unsafe.Add(ref w, (t - 3) & 15) ^ Unsafe.Add(ref w, (t - 8) & 15) ^ Unsafe.Add(ref w, (t - 14) & 15) ^ slot, 1);
        slot = word;
        return word;
    }

    // One round: f(b, c, d) + K + W already summed by the caller.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint a, ref uint b, ref uint c, ref uint d, ref uint e, uint fkw)
    {
        var temp = BitOperations.RotateLeft(a, 5) + fkw + e;
        e = d;
        d = c;
        c = BitOperations.RotateLeft(b, 30);
        b = a;
        a = temp;
    }
}
