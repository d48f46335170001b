using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CorrelationHub.Simulator.Media;

/// <summary>
/// SRTP sender for AES_CM_128_HMAC_SHA1_80 (RFC 3711): session keys derived from the SDES master key and salt
/// (§4.3.1, key derivation rate 0), payload encrypted in AES counter mode (§4.1.1), 80-bit HMAC-SHA1 tag over the
/// header, the encrypted payload and the rollover counter (§4.2).
/// </summary>
public sealed class SrtpSender : IDisposable
{
    private readonly Aes _aes;
    private readonly byte[] _sessionSalt;
    private readonly HMACSHA1 _hmac;
    private uint _rollover;
    private int _lastSequence = -1;

    public SrtpSender(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var sessionKey = Derive(masterKey, masterSalt, 0x00, 16);
        var authKey = Derive(masterKey, masterSalt, 0x01, 20);
        _sessionSalt = Derive(masterKey, masterSalt, 0x02, 14);
        SessionKey = sessionKey;
        AuthKey = authKey;
        _aes = Aes.Create();
        _aes.Key = sessionKey;
        _hmac = new HMACSHA1(authKey);
    }

    public byte[] SessionKey { get; }

    public byte[] AuthKey { get; }

    public ReadOnlySpan<byte> SessionSalt => _sessionSalt;

    /// <summary>Reads the 30-byte key||salt of an SDES <c>inline:</c> value (RFC 4568 §6.1).</summary>
    public static SrtpSender FromInline(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return new SrtpSender(bytes.AsSpan(0, 16), bytes.AsSpan(16, 14));
    }

    /// <summary>Protects one RTP packet (12-byte header, no CSRC or extension) into a new SRTP packet.</summary>
    public byte[] Protect(ReadOnlySpan<byte> rtp)
    {
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]);
        if (_lastSequence >= 0 && sequence < 0x1000 && _lastSequence > 0xF000)
        {
            _rollover++;
        }

        _lastSequence = sequence;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]);
        var index = ((ulong)_rollover << 16) | sequence;
        var output = new byte[rtp.Length + 10];
        rtp.CopyTo(output);

        // IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16)  (RFC 3711 §4.1.1)
        Span<byte> iv = stackalloc byte[16];
        _sessionSalt.CopyTo(iv);
        for (var b = 0; b < 4; b++)
        {
            iv[4 + b] ^= (byte)(ssrc >> (24 - (8 * b)));
        }

        for (var b = 0; b < 6; b++)
        {
            iv[8 + b] ^= (byte)(index >> (40 - (8 * b)));
        }

        Span<byte> block = stackalloc byte[16];
        Span<byte> counter = stackalloc byte[16];
        for (var offset = 12; offset < rtp.Length; offset += 16)
        {
            iv.CopyTo(counter);
            var blockNumber = (ushort)((offset - 12) / 16);
            BinaryPrimitives.WriteUInt16BigEndian(counter[14..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv[14..]) + blockNumber));
            _aes.EncryptEcb(counter, block, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < rtp.Length; i++)
            {
                output[offset + i] ^= block[i];
            }
        }

        Span<byte> authenticated = new byte[rtp.Length + 4];
        output.AsSpan(0, rtp.Length).CopyTo(authenticated);
        BinaryPrimitives.WriteUInt32BigEndian(authenticated[rtp.Length..], _rollover);
        var tag = _hmac.ComputeHash(authenticated.ToArray());
        tag.AsSpan(0, 10).CopyTo(output.AsSpan(rtp.Length));
        return output;
    }

    /// <summary>AES-CM PRF: x = key_id XOR master_salt, key_id = label || r (r = 0); output = AES-CM keystream from x · 2^16 (§4.3.1, §4.3.3).</summary>
    public static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        Span<byte> x = stackalloc byte[16];
        masterSalt.CopyTo(x);
        x[7] ^= label;
        var result = new byte[length];
        Span<byte> block = stackalloc byte[16];
        for (var n = 0; n * 16 < length; n++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(x[14..], (ushort)n);
            aes.EncryptEcb(x, block, PaddingMode.None);
            block[..Math.Min(16, length - (n * 16))].CopyTo(result.AsSpan(n * 16));
        }

        return result;
    }

    public void Dispose()
    {
        _aes.Dispose();
        _hmac.Dispose();
    }
}
