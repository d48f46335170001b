using System.Security.Cryptography;
using CorrelationHub.Simulator.Media;

namespace CorrelationHub.Simulator.Tests;

public class SrtpSenderTests
{
    // RFC 3711 Appendix B.3: key derivation test vectors (AES-CM PRF).
    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Session_keys_follow_the_rfc_3711_key_derivation_vectors()
    {
        using var sender = new SrtpSender(MasterKey, MasterSalt);

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(sender.SessionKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(sender.SessionSalt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(sender.AuthKey));
    }

    [Fact]
    public void A_protected_packet_decrypts_back_with_the_session_keys_and_carries_a_valid_80_bit_tag()
    {
        using var sender = new SrtpSender(MasterKey, MasterSalt);
        var rtp = new byte[172];
        rtp[0] = 0x80;
        rtp[3] = 7; // sequence 7
        rtp[8] = 0xCA;
        rtp[11] = 0xFE; // SSRC
        RandomNumberGenerator.Fill(rtp.AsSpan(12));

        var srtp = sender.Protect(rtp);

        Assert.Equal(rtp.Length + 10, srtp.Length);
        Assert.Equal(rtp[..12], srtp[..12]);
        Assert.NotEqual(rtp[12..], srtp[12..^10]);

        // Decrypt independently: keystream = AES(k_e, IV + counter), IV = salt·2^16 XOR SSRC·2^64 XOR index·2^16.
        using var aes = Aes.Create();
        aes.Key = sender.SessionKey;
        var iv = new byte[16];
        sender.SessionSalt.CopyTo(iv);
        for (var i = 0; i < 4; i++)
        {
            iv[4 + i] ^= rtp[8 + i];
        }

        iv[13] ^= 7;
        var plain = srtp[12..^10];
        for (var block = 0; block * 16 < plain.Length; block++)
        {
            var counter = (byte[])iv.Clone();
            counter[15] = (byte)block;
            var stream = aes.EncryptEcb(counter, PaddingMode.None);
            for (var i = 0; i < 16 && (block * 16) + i < plain.Length; i++)
            {
                plain[(block * 16) + i] ^= stream[i];
            }
        }

        Assert.Equal(rtp[12..], plain);
        byte[] authenticated = [.. srtp[..^10], 0, 0, 0, 0];
        var tag = HMACSHA1.HashData(sender.AuthKey, authenticated);
        Assert.Equal(tag[..10], srtp[^10..]);
    }
}
