using System.Security.Cryptography;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Tests.Srtp;

/// <summary>Known answers from RFC 3711 Appendix B, RFC 6188 §7 and RFC 7714 §16–17.</summary>
public sealed class SrtpVectorTests
{
    private const string Rfc7714Key128 = "000102030405060708090a0b0c0d0e0f";
    private const string Rfc7714Key256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Rfc7714Salt = "517569642070726f2071756f";
    private const string Rfc7714Rtp = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";
    private const string Rfc7714Rtcp = "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    [Fact]
    public void Aes_counter_mode_keystream_matches_rfc3711_b2()
    {
        using var aes = Aes.Create();
        aes.Key = Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        Span<byte> iv = stackalloc byte[16];
        SrtpIv.Counter(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0, 0, iv);
        Assert.Equal(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), iv.ToArray());

        var stream = new byte[0xFF02 * 16];
        AesCounterMode.Keystream(aes, iv, stream);
        Assert.Equal(Hex.Bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), stream[..48]);
        Assert.Equal(Hex.Bytes("EC8CDF7398607CB0F2D21675EA9EA1E4"), stream[(0xFEFF * 16)..(0xFF00 * 16)]);
        Assert.Equal(Hex.Bytes("362B7C3C6773516318A077D7FC5073AE"), stream[(0xFF00 * 16)..(0xFF01 * 16)]);
        Assert.Equal(Hex.Bytes("6A2CC3787889374FBEB4C81B17BA6C44"), stream[(0xFF01 * 16)..]);
    }

    [Fact]
    public void Key_derivation_matches_rfc3711_b3()
    {
        var key = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        var salt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");
        Assert.Equal(Hex.Bytes("C61E7A93744F39EE10734AFE3FF7A087"), SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtpEncryption, 16));
        Assert.Equal(Hex.Bytes("30CBBC08863D8C85D49DB34A9AE1"), SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtpSalt, 14));
        Assert.Equal(
            Hex.Bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"),
            SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtpAuthentication, 94));
    }

    [Fact]
    public void Aes_256_key_derivation_matches_rfc6188()
    {
        var key = Hex.Bytes("F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6");
        var salt = Hex.Bytes("3B04803DE51EE7C96423AB5B78D2");
        Assert.Equal(Hex.Bytes("5BA1064E30EC51613CAD926C5A28EF731EC7FB397F70A960653CAF06554CD8C4"), SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtpEncryption, 32));
        Assert.Equal(Hex.Bytes("FA31791685CA444A9E07C6C64E93"), SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtpSalt, 14));
    }

    [Theory]
    [InlineData(Rfc7714Key128, "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce")]
    [InlineData(Rfc7714Key256, "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13")]
    public void Gcm_rtp_matches_rfc7714_16(string key, string expected)
    {
        var plain = Hex.Bytes(Rfc7714Rtp);
        using var sender = Rfc7714Session(key);
        var buffer = new byte[plain.Length + 32];
        plain.CopyTo(buffer, 0);
        var length = sender.ProtectRtp(buffer, plain.Length);
        Assert.Equal(Hex.Bytes(expected), buffer[..length]);

        using var receiver = Rfc7714Session(key);
        var wire = Hex.Bytes(expected);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(wire, out var plainLength));
        Assert.Equal(plain, wire[..plainLength]);

        // The same packet again is a replay (RFC 3711 §3.3.2).
        Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtp(Hex.Bytes(expected), out _));
    }

    [Theory]
    [InlineData(Rfc7714Key128, true, "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4")]
    [InlineData(Rfc7714Key256, true, "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4")]
    [InlineData(Rfc7714Key128, false, "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4")]
    [InlineData(Rfc7714Key256, false, "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef 91db4afb feee5a97 8fab4393 ed2615fe 000005d4")]
    public void Gcm_rtcp_matches_rfc7714_17(string key, bool encrypted, string expected)
    {
        var plain = Hex.Bytes(Rfc7714Rtcp);
        using var sender = Rfc7714Session(key, unencryptedSrtcp: !encrypted);
        var buffer = new byte[plain.Length + 32];
        plain.CopyTo(buffer, 0);
        var length = sender.ProtectRtcp(buffer, plain.Length, index: 0x5d4);
        Assert.Equal(Hex.Bytes(expected), buffer[..length]);

        using var receiver = Rfc7714Session(key);
        var wire = Hex.Bytes(expected);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(wire, out var plainLength));
        Assert.Equal(plain, wire[..plainLength]);
        Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtcp(Hex.Bytes(expected), out _));
    }

    [Fact]
    public void Aes_cm_rtp_and_rtcp_match_the_libsrtp_self_test_through_key_derivation()
    {
        var master = new SrtpMasterKey(Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6"));
        var policy = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, [master]);
        using var sender = new SrtpSession(policy);
        var rtp = Hex.Bytes("800f1234 decafbad cafebabe abababab abababab abababab abababab");
        var buffer = new byte[64];
        rtp.CopyTo(buffer, 0);
        var length = sender.ProtectRtp(buffer, rtp.Length);
        var expected = Hex.Bytes("800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb");
        Assert.Equal(expected, buffer[..length]);

        var rtcp = Hex.Bytes("81c8000b cafebabe abababab abababab abababab abababab");
        rtcp.CopyTo(buffer, 0);
        length = sender.ProtectRtcp(buffer, rtcp.Length, index: 1);
        Assert.Equal(Hex.Bytes("81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798"), buffer[..length]);

        using var receiver = new SrtpSession(policy);
        var wire = (byte[])expected.Clone();
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(wire, out var plainLength));
        Assert.Equal(rtp, wire[..plainLength]);
    }

    private static SrtpSession Rfc7714Session(string key, bool unencryptedSrtcp = false)
    {
        // RFC 7714's vectors give the session key and salt directly, with no key derivation.
        var suite = key.Length == 32 ? SrtpSuite.AeadAes128Gcm : SrtpSuite.AeadAes256Gcm;
        var master = new SrtpMasterKey(Hex.Bytes(key), Hex.Bytes(Rfc7714Salt));
        var keys = new SrtpSessionKeys(suite, master, Hex.Bytes(key), [], Hex.Bytes(Rfc7714Salt), Hex.Bytes(key), [], Hex.Bytes(Rfc7714Salt));
        return new SrtpSession(new SrtpPolicy(suite, [master]) { UnencryptedSrtcp = unencryptedSrtcp }, [keys]);
    }
}
