using CorrelationHub.Media.Codecs;

namespace CorrelationHub.Media.Tests;

public sealed class G711Tests
{
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    public void Mu_law_matches_the_g711_table(byte code, short expected) => Assert.Equal(expected, G711.DecodeMuLaw(code));

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void A_law_matches_the_g711_table(byte code, short expected) => Assert.Equal(expected, G711.DecodeALaw(code));

    [Fact]
    public void Every_code_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            var mu = G711.DecodeMuLaw((byte)code);
            Assert.Equal(G711.DecodeMuLaw(G711.EncodeMuLaw(mu)), mu);
            var a = G711.DecodeALaw((byte)code);
            Assert.Equal(a, G711.DecodeALaw(G711.EncodeALaw(a)));
        }
    }
}
