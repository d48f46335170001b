using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// AES-128 and AES-256 counter mode on the processor's AES instructions (AES-NI), for the SRTP CM suites' packet
/// path: the round keys are expanded once per session key and a packet's few counter blocks are encrypted four at a
/// time in registers. Through the platform cipher each packet cost a call into OpenSSL and a context that is cold
/// again by the time the stream's next packet comes (2,000 streams), more than the rounds themselves. FIPS 197 §5.2
/// (key expansion), RFC 3711 §4.1.1 (the counter steps in the low 16 bits).
/// </summary>
internal sealed class AesNiCounterMode
{
    private readonly Vector128<byte>[] _roundKeys;

    private AesNiCounterMode(Vector128<byte>[] roundKeys) => _roundKeys = roundKeys;

    /// <summary>Whether this processor has the instructions (x86 with AES-NI).</summary>
    public static bool Supported => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>The cipher for a 16- or 32-byte key, or null when the processor or the key size is not covered.</summary>
    public static AesNiCounterMode? Create(ReadOnlySpan<byte> key) => !Supported ? null : key.Length switch
    {
        16 => new AesNiCounterMode(Expand128(key)),
        32 => new AesNiCounterMode(Expand256(key)),
        _ => null,
    };

    /// <summary>XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/>.</summary>
    public void Xor(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var prefix = Vector128.Create(MemoryMarshal.Read<ulong>(iv), (ulong)MemoryMarshal.Read<uint>(iv[8..]) | ((ulong)iv[12] << 32) | ((ulong)iv[13] << 40)).AsByte();
        var low = (iv[14] << 8) | iv[15];
        var offset = 0;
        var block = 0;
        while (data.Length - offset >= 64)
        {
            var k0 = Counter(prefix, low + block);
            var k1 = Counter(prefix, low + block + 1);
            var k2 = Counter(prefix, low + block + 2);
            var k3 = Counter(prefix, low + block + 3);
            Encrypt4(ref k0, ref k1, ref k2, ref k3);
            XorBlock(data.Slice(offset, 16), k0);
            XorBlock(data.Slice(offset + 16, 16), k1);
            XorBlock(data.Slice(offset + 32, 16), k2);
            XorBlock(data.Slice(offset + 48, 16), k3);
            offset += 64;
            block += 4;
        }

        while (data.Length - offset >= 16)
        {
            XorBlock(data.Slice(offset, 16), Encrypt(Counter(prefix, low + block)));
            offset += 16;
            block++;
        }

        if (offset < data.Length)
        {
            Span<byte> bytes = stackalloc byte[16];
            Encrypt(Counter(prefix, low + block)).CopyTo(bytes);
            for (var i = offset; i < data.Length; i++)
            {
                data[i] ^= bytes[i - offset];
            }
        }
    }

    /// <summary>Encrypts one 16-byte block (the known-answer check of FIPS 197 Appendix C uses it).</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => Encrypt(Vector128.Create(input)).CopyTo(output);

    // The counter block: the IV's first 14 bytes, then the low 16 bits (big-endian) stepped by the block number.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<byte> prefix, int value)
    {
        var step = (ulong)(((value >> 8) & 0xFF) | ((value & 0xFF) << 8)) << 48;
        return Sse2.Or(prefix, Vector128.Create(0UL, step).AsByte());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorBlock(Span<byte> data, Vector128<byte> keystream)
    {
        ref var target = ref MemoryMarshal.GetReference(data);
        Unsafe.WriteUnaligned(ref target, Sse2.Xor(Unsafe.ReadUnaligned<Vector128<byte>>(ref target), keystream));
    }

    private Vector128<byte> Encrypt(Vector128<byte> block)
    {
        var keys = _roundKeys;
        var state = Sse2.Xor(block, keys[0]);
        for (var round = 1; round < keys.Length - 1; round++)
        {
            state = X86Aes.Encrypt(state, keys[round]);
        }

        return X86Aes.EncryptLast(state, keys[^1]);
    }

    private void Encrypt4(ref Vector128<byte> a, ref Vector128<byte> b, ref Vector128<byte> c, ref Vector128<byte> d)
    {
        var keys = _roundKeys;
        a = Sse2.Xor(a, keys[0]);
        b = Sse2.Xor(b, keys[0]);
        c = Sse2.Xor(c, keys[0]);
        d = Sse2.Xor(d, keys[0]);
        for (var round = 1; round < keys.Length - 1; round++)
        {
            var key = keys[round];
            a = X86Aes.Encrypt(a, key);
            b = X86Aes.Encrypt(b, key);
            c = X86Aes.Encrypt(c, key);
            d = X86Aes.Encrypt(d, key);
        }

        var last = keys[^1];
        a = X86Aes.EncryptLast(a, last);
        b = X86Aes.EncryptLast(b, last);
        c = X86Aes.EncryptLast(c, last);
        d = X86Aes.EncryptLast(d, last);
    }

    // FIPS 197 §5.2: each word is the word before XOR the word Nk back; the assist supplies SubWord(RotWord(w)) ^ Rcon.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Step(Vector128<byte> previous, Vector128<byte> assist)
    {
        previous = Sse2.Xor(previous, Sse2.ShiftLeftLogical128BitLane(previous, 4));
        previous = Sse2.Xor(previous, Sse2.ShiftLeftLogical128BitLane(previous, 4));
        previous = Sse2.Xor(previous, Sse2.ShiftLeftLogical128BitLane(previous, 4));
        return Sse2.Xor(previous, assist);
    }

    // The assist's word 3 (RotWord, SubWord, Rcon) or word 2 (SubWord only) in every lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Word3(Vector128<byte> assist) => Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Word2(Vector128<byte> assist) => Sse2.Shuffle(assist.AsInt32(), 0xAA).AsByte();

    // KeygenAssist takes Rcon as an immediate, so the schedules are written out.
    private static Vector128<byte>[] Expand128(ReadOnlySpan<byte> key)
    {
        var k = new Vector128<byte>[11];
        k[0] = Vector128.Create(key);
        k[1] = Step(k[0], Word3(X86Aes.KeygenAssist(k[0], 0x01)));
        k[2] = Step(k[1], Word3(X86Aes.KeygenAssist(k[1], 0x02)));
        k[3] = Step(k[2], Word3(X86Aes.KeygenAssist(k[2], 0x04)));
        k[4] = Step(k[3], Word3(X86Aes.KeygenAssist(k[3], 0x08)));
        k[5] = Step(k[4], Word3(X86Aes.KeygenAssist(k[4], 0x10)));
        k[6] = Step(k[5], Word3(X86Aes.KeygenAssist(k[5], 0x20)));
        k[7] = Step(k[6], Word3(X86Aes.KeygenAssist(k[6], 0x40)));
        k[8] = Step(k[7], Word3(X86Aes.KeygenAssist(k[7], 0x80)));
        k[9] = Step(k[8], Word3(X86Aes.KeygenAssist(k[8], 0x1B)));
        k[10] = Step(k[9], Word3(X86Aes.KeygenAssist(k[9], 0x36)));
        return k;
    }

    // Nk = 8: even round keys take RotWord, SubWord and Rcon of the last word; odd ones SubWord only.
    private static Vector128<byte>[] Expand256(ReadOnlySpan<byte> key)
    {
        var k = new Vector128<byte>[15];
        k[0] = Vector128.Create(key[..16]);
        k[1] = Vector128.Create(key[16..32]);
        k[2] = Step(k[0], Word3(X86Aes.KeygenAssist(k[1], 0x01)));
        k[3] = Step(k[1], Word2(X86Aes.KeygenAssist(k[2], 0x00)));
        k[4] = Step(k[2], Word3(X86Aes.KeygenAssist(k[3], 0x02)));
        k[5] = Step(k[3], Word2(X86Aes.KeygenAssist(k[4], 0x00)));
        k[6] = Step(k[4], Word3(X86Aes.KeygenAssist(k[5], 0x04)));
        k[7] = Step(k[5], Word2(X86Aes.KeygenAssist(k[6], 0x00)));
        k[8] = Step(k[6], Word3(X86Aes.KeygenAssist(k[7], 0x08)));
        k[9] = Step(k[7], Word2(X86Aes.KeygenAssist(k[8], 0x00)));
        k[10] = Step(k[8], Word3(X86Aes.KeygenAssist(k[9], 0x10)));
        k[11] = Step(k[9], Word2(X86Aes.KeygenAssist(k[10], 0x00)));
        k[12] = Step(k[10], Word3(X86Aes.KeygenAssist(k[11], 0x20)));
        k[13] = Step(k[11], Word2(X86Aes.KeygenAssist(k[12], 0x00)));
        k[14] = Step(k[12], Word3(X86Aes.KeygenAssist(k[13], 0x40)));
        return k;
    }
}
