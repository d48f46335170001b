using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// AES counter mode on the platform cipher, for processors without AES instructions: a reusable ECB transform and
/// scratch buffers, so a packet makes no allocation and keeps the cipher context (a one-shot <c>EncryptEcb</c> sets
/// one up per call). Not thread-safe.
/// </summary>
internal sealed class EcbCounterMode : IDisposable
{
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private byte[] _counters = new byte[256];
    private byte[] _keystream = new byte[256];

    public EcbCounterMode(byte[] key)
    {
        _aes = Aes.Create();
        _aes.Key = key;
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/>.</summary>
    public void Xor(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var blocks = (data.Length + 15) / 16;
        var size = blocks * 16;
        if (_counters.Length < size)
        {
            _counters = new byte[size];
            _keystream = new byte[size];
        }

        // RFC 3711 §4.1.1: the block counter steps in the low 16 bits.
        var low = (iv[14] << 8) | iv[15];
        for (var block = 0; block < blocks; block++)
        {
            var counter = _counters.AsSpan(block * 16, 16);
            iv[..14].CopyTo(counter);
            var value = (low + block) & 0xFFFF;
            counter[14] = (byte)(value >> 8);
            counter[15] = (byte)value;
        }

        _ecb.TransformBlock(_counters, 0, size, _keystream, 0);
        var keystream = _keystream.AsSpan(0, data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
