using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;

namespace CorrelationHub.Sip.Tests;

/// <summary>
/// The recorder's answers, byte for byte where interoperability depends on it (docs/interop.md SD-1..SD-3, SD-5, SD-6,
/// T10, T12–T14, T17–T24): same m-line count and order, labels echoed exactly, recvonly or inactive, declined streams
/// with port 0.
/// </summary>
public sealed class RecorderSdpTests
{
    private const string Header = "v=0\r\no=CorrelationHub 1000 1 IN IP4 127.0.0.1\r\ns=CorrelationHub recording\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";

    public static TheoryData<string, string> Goldens => new()
    {
        {
            "fixture:cube-siprec-forking-tls.sip",
            "m=audio 30000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=label:1\r\na=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=label:2\r\na=recvonly\r\n"
        },
        {
            "corpus:acme-siprec-offer.sip",
            "m=audio 30000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:16777227\r\na=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:16777228\r\na=recvonly\r\n"
        },
        {
            "corpus:avaya-sbce-offer.sip",
            "m=audio 30000 RTP/AVP 8 97\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:97 telephone-event/8000\r\na=label:10\r\na=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 8 97\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:97 telephone-event/8000\r\na=label:20\r\na=recvonly\r\n"
        },
        {
            "corpus:opensips-offer.sip",
            "m=audio 30000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=label:0\r\na=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=label:1\r\na=recvonly\r\n"
        },
        {
            "corpus:sems-offer.sip",
            "m=audio 30000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=label:a_leg\r\na=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=label:b_leg\r\na=recvonly\r\n"
        },
        {
            "corpus:broadworks-offer.sip",
            "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=label:1\r\na=recvonly\r\n"
        },
        {
            "corpus:metaswitch-offer.sip",
            "m=audio 30000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=label:1\r\na=recvonly\r\n"
        },
        {
            "corpus:cube-siprec-hold-reinvite.sip",
            "m=audio 30000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=label:1\r\na=inactive\r\n" +
            "m=audio 30002 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=label:2\r\na=recvonly\r\n"
        },
        {
            "corpus:cube-siprec-escalation-reinvite.sip",
            "m=audio 30000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:1\r\na=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:2\r\na=recvonly\r\n" +
            "m=video 0 RTP/AVP 126\r\n" +
            "m=video 0 RTP/AVP 126\r\n"
        },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Answers_are_byte_exact(string name, string expectedMedia)
    {
        var offer = Offer(name);
        var ports = new Queue<int>([30000, 30002]);
        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "1000", 1, _ => ports.Count > 0 ? ports.Dequeue() : null);

        Assert.Equal(Header + expectedMedia, SdpWriter.Write(answer.Session));
        Assert.Equal(offer.Media.Count, answer.Session.Media.Count);
    }

    [Fact]
    public void Both_m_lines_inactive_are_answered_inactive_and_keep_their_ports()
    {
        var offer = Offer("fixture:cube-siprec-forking-tls.sip");
        foreach (var media in offer.Media)
        {
            media.Attributes.RemoveAll(a => a.Name == "sendonly");
            media.Attributes.Add(new SdpAttribute("inactive", null));
        }

        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "1000", 1, i => 30000 + (2 * i));
        Assert.All(answer.Accepted, a => Assert.Equal(SdpDirection.Inactive, a.Direction));
        Assert.Equal([30000, 30002], answer.Session.Media.Select(m => m.Port));
        Assert.Equal([SdpDirection.Inactive, SdpDirection.Inactive], answer.Session.Media.Select(m => m.Direction!.Value));
    }

    [Theory]
    [InlineData("sendonly", SdpDirection.RecvOnly)]
    [InlineData("sendrecv", SdpDirection.RecvOnly)]
    [InlineData(null, SdpDirection.RecvOnly)]
    [InlineData("inactive", SdpDirection.Inactive)]
    [InlineData("recvonly", SdpDirection.Inactive)]
    public void Direction_map(string? offered, SdpDirection answered)
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n" + (offered is null ? string.Empty : $"a={offered}\r\n");
        Assert.True(SdpParser.TryParse(text, out var offer));
        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "1", 1, _ => 30000);
        Assert.Equal(answered, answer.Accepted[0].Direction);
    }

    [Fact]
    public void Declines_a_stream_without_a_decodable_codec_and_says_why()
    {
        Assert.True(SdpParser.TryParse("v=0\r\nc=IN IP4 127.0.0.2\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\nm=audio 4002 RTP/AVP 0\r\nm=audio 0 RTP/AVP 0\r\n", out var offer));
        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "1", 1, _ => 30000);
        Assert.Equal([0, 30000, 0], answer.Session.Media.Select(m => m.Port));
        Assert.Equal(["no decodable codec", "port 0 in offer"], answer.Declined.Select(d => d.Reason));
    }

    [Fact]
    public void Story_d_srtp_early_offer_is_answered_savp_recvonly_with_one_crypto_line_of_the_same_suite_and_our_own_key()
    {
        var offer = Offer("fixture:cube-media-proxy-srtp-early-offer.sip");
        var answer = RecorderSdp.Answer(offer, "127.0.0.1", "1000", 1, _ => 30000);
        var text = SdpWriter.Write(answer.Session);

        Assert.Contains("m=audio 30000 RTP/SAVP 8\r\na=rtpmap:8 PCMA/8000\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", text);
        Assert.EndsWith("\r\na=recvonly\r\n", text);
        var ours = Assert.Single(SdesCrypto.Of(answer.Session.Media[0]));
        var theirs = Assert.Single(SdesCrypto.Of(offer.Media[0]));
        Assert.Equal(theirs.Tag, ours.Tag);
        Assert.Equal(theirs.Suite, ours.Suite);
        Assert.NotEqual(theirs.ToAttributeValue(), ours.ToAttributeValue());
    }

    [Fact]
    public void Delayed_offer_is_recvonly_with_every_decodable_codec_and_telephone_event()
    {
        var offer = SdpWriter.Write(RecorderSdp.CreateOffer("127.0.0.1", 30000, "1000", 1));
        var expected = Header + "m=audio 30000 RTP/AVP 0 8 9 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=recvonly\r\n";
        Assert.Equal(expected, offer);

        var labelled = RecorderSdp.CreateOffer("127.0.0.1", [new OfferedStream(30000, "1"), new OfferedStream(30002, "2")], "1000", 1);
        Assert.Equal(["1", "2"], labelled.Media.Select(m => m.Label));
    }

    [Fact]
    public void Session_version_stays_when_nothing_changed_and_rises_when_something_did()
    {
        var first = RecorderSdp.WriteVersioned(RecorderSdp.CreateOffer("127.0.0.1", 30000, "1000", 0), null, 1, out var v1);
        Assert.Equal(1ul, v1);
        var same = RecorderSdp.WriteVersioned(RecorderSdp.CreateOffer("127.0.0.1", 30000, "1000", 0), first, v1, out var v2);
        Assert.Equal(first, same);
        Assert.Equal(1ul, v2);
        var changed = RecorderSdp.WriteVersioned(RecorderSdp.CreateOffer("127.0.0.1", 30004, "1000", 0), first, v2, out var v3);
        Assert.Equal(2ul, v3);
        Assert.Contains("o=CorrelationHub 1000 2 IN IP4", changed);
    }

    [Fact]
    public void Declared_ssrcs_are_read_per_m_line_with_their_cname_whatever_attribute_comes_first()
    {
        var offer = Offer("corpus:sbc-siprec-ssrc-offer.sip");
        Assert.Equal([(1111111111u, (string?)"caller@127.0.0.72")], offer.Media[0].DeclaredSsrcs());
        Assert.Equal([(2222222222u, (string?)"agent@127.0.0.73")], offer.Media[1].DeclaredSsrcs());
        Assert.Empty(Offer("corpus:opensips-offer.sip").Media[0].DeclaredSsrcs());
    }

    private static SdpSession Offer(string name)
    {
        var message = SipParser.Parse(Corpus.Load(name)).Message!;
        var body = SipBodyReader.Read(message);
        Assert.True(SdpParser.TryParse(body.Sdp!, out var offer));
        return offer;
    }
}
