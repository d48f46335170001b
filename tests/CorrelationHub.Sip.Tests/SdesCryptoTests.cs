using CorrelationHub.Sip.Sdp;

namespace CorrelationHub.Sip.Tests;

public sealed class SdesCryptoTests
{
    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"; // 30 bytes

    [Fact]
    public void Parses_lifetime_mki_several_keys_and_session_parameters()
    {
        Assert.True(SdesCrypto.TryParse($"7 AES_CM_128_HMAC_SHA1_80 inline:{Key30}|2^31|1:1;inline:{Key30}|2:1 KDR=0 UNENCRYPTED_SRTCP", out var crypto));
        Assert.Equal(7, crypto.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", crypto.Suite);
        Assert.Equal(2, crypto.Keys.Count);
        Assert.Equal(30, crypto.Keys[0].KeyMaterial.Length);
        Assert.Equal(1UL << 31, crypto.Keys[0].Lifetime);
        Assert.Equal(1UL, crypto.Keys[0].MkiValue);
        Assert.Equal(new byte[] { 2 }, crypto.Keys[1].MkiBytes());
        Assert.Null(crypto.Keys[1].Lifetime);
        Assert.True(crypto.UnencryptedSrtcp);
        Assert.False(crypto.UnencryptedSrtp);
        Assert.Equal(0, crypto.KeyDerivationRate);
        Assert.True(SdesSuites.IsUsable(crypto));

        Assert.True(SdesCrypto.TryParse(crypto.ToAttributeValue(), out var again));
        Assert.Equal(crypto.ToAttributeValue(), again.ToAttributeValue());
    }

    [Theory]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:" + Key30)]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:not base64!")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 key:" + Key30)]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|1:0")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^99")]
    public void Refuses_malformed_lines(string value) => Assert.False(SdesCrypto.TryParse(value, out _));

    [Theory]
    [InlineData("1 F8_128_HMAC_SHA1_80 inline:" + Key30)]
    [InlineData("1 AES_256_CM_HMAC_SHA1_80 inline:" + Key30)]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + " KDR=4")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|1:1;inline:" + Key30 + "|2:2")]
    public void Unusable_lines_parse_but_are_not_chosen(string value)
    {
        Assert.True(SdesCrypto.TryParse(value, out var crypto));
        Assert.False(SdesSuites.IsUsable(crypto));
    }

    [Fact]
    public void Early_savp_offer_is_answered_savp_recvonly_with_one_line_of_the_chosen_tag_and_our_own_key()
    {
        var offer = Parse($"""
            v=0
            o=CUBE 1 1 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 30000 RTP/SAVP 0 101
            a=rtpmap:101 telephone-event/8000
            a=crypto:1 F8_128_HMAC_SHA1_80 inline:{Key30}
            a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:{Key30}|2^20 UNENCRYPTED_SRTCP
            a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:{Key30}
            a=sendonly
            """);

        var chosen = RecorderSdp.ChooseCrypto(offer.Media[0]);
        Assert.NotNull(chosen);
        Assert.Equal(2, chosen.Tag);

        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "9", 1, _ => 40000);
        var line = Assert.Single(answer.Session.Media);
        Assert.Equal("RTP/SAVP", line.Protocol);
        Assert.Equal(40000, line.Port);
        Assert.Equal(SdpDirection.RecvOnly, answer.Session.EffectiveDirection(line));
        var crypto = Assert.Single(SdesCrypto.Of(line));
        Assert.Equal(2, crypto.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_32", crypto.Suite);
        Assert.True(crypto.UnencryptedSrtcp);
        Assert.NotEqual(chosen.Keys[0].KeyMaterial, crypto.Keys[0].KeyMaterial);
        Assert.Equal(30, crypto.Keys[0].KeyMaterial.Length);

        // A second answer carries another fresh key.
        var second = RecorderSdp.Answer(offer, "127.0.0.1", "9", 1, _ => 40002);
        Assert.NotEqual(crypto.Keys[0].KeyMaterial, SdesCrypto.Of(second.Session.Media[0])[0].Keys[0].KeyMaterial);
    }

    [Fact]
    public void Savp_offer_without_a_suite_we_support_is_declined_with_port_zero()
    {
        var offer = Parse($"""
            v=0
            o=SBC 1 1 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 30000 RTP/SAVP 0
            a=crypto:1 F8_128_HMAC_SHA1_80 inline:{Key30}
            """);
        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "9", 1, _ => 40000);
        Assert.Empty(answer.Accepted);
        Assert.Equal(0, answer.Session.Media[0].Port);
    }

    [Fact]
    public void Delayed_offer_with_srtp_offers_every_suite_and_an_rtp_answer_means_plain_rtp()
    {
        var offer = RecorderSdp.CreateOffer("127.0.0.1", 40000, "9", 1, srtp: true);
        var media = Assert.Single(offer.Media);
        Assert.Equal("RTP/SAVP", media.Protocol);
        var lines = SdesCrypto.Of(media);
        Assert.Equal(SdesSuites.Supported.Select(s => s.Name), lines.Select(l => l.Suite));
        Assert.Equal(lines.Count, lines.Select(l => l.Tag).Distinct().Count());
        Assert.All(lines, l => Assert.True(SdesSuites.IsUsable(l)));
        Assert.Contains("9", media.Formats);

        // CUCM's X-cisco-srtp-fallback: the ACK answers RTP/AVP; nothing to decrypt.
        var fallback = Parse("""
            v=0
            o=CiscoSystemsCCM-SIP 1 1 IN IP4 127.0.0.1
            s=SIP Call
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 30000 RTP/AVP 0 101
            a=rtpmap:101 telephone-event/8000
            a=sendonly
            """);
        Assert.Null(RecorderSdp.ChooseCrypto(fallback.Media[0]));

        Assert.False(RecorderSdp.CreateOffer("127.0.0.1", 40000, "9", 1).Media[0].IsSecure);
    }

    private static SdpSession Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text.Replace("\n", "\r\n", StringComparison.Ordinal), out var session));
        return session;
    }
}
