using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Tests.Srtp;

/// <summary>The keyed-once HMAC-SHA1 against RFC 2202's known answers and the platform HMAC.</summary>
public sealed class HmacSha1Tests
{
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b617318655057264e28bc0b6fb378c8ef146be00")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "125d7342b9ac11cd91a39af48aa17b4f63f175d3")]
    public void Digests_match_rfc2202(string key, string data, string digest)
    {
        var mac = new byte[20];
        new HmacSha1(Hex.Bytes(key)).Compute(Hex.Bytes(data), mac);
        Assert.Equal(Hex.Bytes(digest), mac);
    }

    [Fact]
    public void A_key_longer_than_a_block_is_hashed_first_as_in_rfc2202_case_6()
    {
        var mac = new byte[20];
        new HmacSha1(Enumerable.Repeat((byte)0xaa, 80).ToArray())
            .Compute(Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"), mac);
        Assert.Equal(Hex.Bytes("aa4ae5e15272d00e95705637ce8a3b55ed402112"), mac);
    }

    [Fact]
    public void Every_length_with_and_without_the_roc_matches_the_platform()
    {
        // Lengths across every padding case: tail + suffix + 9 bytes of padding fitting one block or needing two.
        var random = new Random(2202);
        var key = new byte[20];
        random.NextBytes(key);
        var hmac = new HmacSha1(key);
        var data = new byte[400];
        random.NextBytes(data);
        var mac = new byte[20];
        for (var length = 0; length <= data.Length; length++)
        {
            hmac.Compute(data.AsSpan(0, length), mac);
            Assert.Equal(HMACSHA1.HashData(key, data.AsSpan(0, length)), mac);

            var roc = (uint)random.Next();
            var withRoc = new byte[length + 4];
            data.AsSpan(0, length).CopyTo(withRoc);
            BinaryPrimitives.WriteUInt32BigEndian(withRoc.AsSpan(length), roc);
            hmac.Compute(data.AsSpan(0, length), roc, mac);
            Assert.Equal(HMACSHA1.HashData(key, withRoc), mac);
        }
    }

    [Fact]
    public void A_short_tag_is_the_digest_truncated()
    {
        // The _32 suites keep the first four bytes (RFC 3711 §4.2).
        var key = Hex.Bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        var tag = new byte[4];
        new HmacSha1(key).Compute(Hex.Bytes("4869205468657265"), tag);
        Assert.Equal(Hex.Bytes("b6173186"), tag);
    }
}
