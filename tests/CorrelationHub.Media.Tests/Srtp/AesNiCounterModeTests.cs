using System.Security.Cryptography;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Tests.Srtp;

/// <summary>The AES-NI keystream against FIPS 197's known answers, RFC 3711 B.2 and the platform cipher.</summary>
public sealed class AesNiCounterModeTests
{
    [Theory]
    [InlineData("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089")]
    public void Blocks_match_fips197_appendix_c(string key, string cipher)
    {
        var aes = AesNiCounterMode.Create(Hex.Bytes(key));
        Assert.Equal(AesNiCounterMode.Supported, aes is not null);
        if (aes is null)
        {
            // No AES instructions here: the platform cipher serves (the tests below compare the two paths).
            return;
        }

        var output = new byte[16];
        aes.EncryptBlock(Hex.Bytes("00112233445566778899aabbccddeeff"), output);
        Assert.Equal(Hex.Bytes(cipher), output);
    }

    [Fact]
    public void The_keystream_matches_rfc3711_b2_through_the_session_cipher()
    {
        using var cipher = new AesCounterCipher(Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        var iv = new byte[16];
        SrtpIv.Counter(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0, 0, iv);
        var stream = new byte[48];
        cipher.Xor(iv, stream);
        Assert.Equal(Hex.Bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), stream);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Every_length_and_counter_wrap_matches_the_platform_cipher(int keyLength)
    {
        var random = new Random(keyLength);
        for (var round = 0; round < 200; round++)
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var iv = new byte[16];
            random.NextBytes(iv.AsSpan(0, 14));
            // Some IVs start just below the 16-bit block counter's wrap (RFC 3711 §4.1.1).
            var low = round % 4 == 0 ? 0xFFFF - random.Next(0, 8) : random.Next(0, 0x10000);
            iv[14] = (byte)(low >> 8);
            iv[15] = (byte)low;
            var data = new byte[random.Next(0, 400)];
            random.NextBytes(data);

            var expected = (byte[])data.Clone();
            using (var platform = new AesCounterCipher(key, usePlatformCipher: true))
            {
                platform.Xor(iv, expected);
            }

            var actual = (byte[])data.Clone();
            using (var cipher = new AesCounterCipher(key))
            {
                cipher.Xor(iv, actual);
            }

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Key_sizes_it_does_not_cover_fall_back_to_the_platform()
    {
        Assert.Null(AesNiCounterMode.Create(new byte[24]));
        using var aes = Aes.Create();
        aes.Key = new byte[24];
        using var cipher = new AesCounterCipher(new byte[24]);
        var data = new byte[40];
        cipher.Xor(new byte[16], data);
        var expected = new byte[40];
        AesCounterMode.Xor(aes, new byte[16], expected);
        Assert.Equal(expected, data);
    }
}
