using CorrelationHub.Sip.Sdp;

namespace CorrelationHub.Sip.Tests;

/// <summary>Media:Codecs: what the recorder offers and accepts, and what it says about a codec it cannot use.</summary>
public sealed class RecorderCodecsTests
{
    [Fact]
    public void The_configured_order_is_the_offers_order_with_opus_dynamic_and_its_fec_parameter()
    {
        var (codecs, skipped, error) = RecorderCodecs.From(["G729", "PCMA", "opus"], _ => true);
        Assert.Null(error);
        Assert.Empty(skipped);
        var offer = RecorderSdp.CreateOffer("127.0.0.1", [new OfferedStream(30000, null)], "1", 1, codecs);
        var media = Assert.Single(offer.Media);
        Assert.Equal(["18", "8", "111", "101"], media.Formats);
        Assert.Contains(new SdpAttribute("rtpmap", "111 opus/48000/2"), media.Attributes);
        Assert.Contains(new SdpAttribute("fmtp", "111 useinbandfec=1"), media.Attributes);
        Assert.Equal([8, 18, 101, 111], RecorderSdp.OfferedPayloads(codecs).Keys.Order());
    }

    [Fact]
    public void A_codec_this_host_cannot_decode_is_left_out_and_named_and_an_unknown_one_is_an_error()
    {
        var (codecs, skipped, error) = RecorderCodecs.From(["PCMU", "G729", "opus"], encoding => encoding != "G729");
        Assert.Null(error);
        Assert.Equal(["G729"], skipped);
        Assert.Equal(["PCMU", "opus"], codecs!.Maps.Select(m => m.Encoding));

        var (none, _, unknown) = RecorderCodecs.From(["PCMU", "AMR-WB"], _ => true);
        Assert.Null(none);
        Assert.Contains("AMR-WB", unknown);
    }

    [Fact]
    public void An_answer_takes_the_first_offered_format_that_is_ours_keeping_the_offerers_preference()
    {
        var (codecs, _, _) = RecorderCodecs.From(["PCMU", "G729"], _ => true);
        Assert.True(SdpParser.TryParse("v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18 0 101\r\na=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n", out var offer));
        var answer = RecorderSdp.Answer(offer!, "127.0.0.1", "1", 1, _ => 30000, codecs);
        Assert.Equal(["18", "101"], answer.Session.Media[0].Formats);

        var (narrow, _, _) = RecorderCodecs.From(["PCMU"], _ => true);
        var refused = RecorderSdp.Answer(offer!, "127.0.0.1", "1", 1, _ => 30000, narrow);
        Assert.Equal(["0", "101"], refused.Session.Media[0].Formats);
    }
}
