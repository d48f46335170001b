using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

public sealed class SipParserTests
{
    [Theory]
    [InlineData("sip/cucm-bib-nearend-delayed-offer.sip", "INVITE")]
    [InlineData("sip/cucm-bib-farend-delayed-offer.sip", "INVITE")]
    [InlineData("sip/cucm-bib-nearend-ack-with-answer.sip", "ACK")]
    [InlineData("sip/cucm-bib-nearend-bye.sip", "BYE")]
    [InlineData("sip/cube-options-keepalive.sip", "OPTIONS")]
    [InlineData("sip/cube-siprec-forking-tls.sip", "INVITE")]
    [InlineData("sip/cube-media-proxy-srtp-early-offer.sip", "INVITE")]
    public void Parses_every_fixture(string fixture, string method)
    {
        var bytes = RepoPaths.FixtureBytes(fixture);
        var result = SipParser.Parse(bytes);

        Assert.True(result.IsValid, $"{result.Error} {result.Detail}");
        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(method, request.Method);
        Assert.Equal(int.Parse(request.Headers.Get(HeaderNames.ContentLength)!, System.Globalization.CultureInfo.InvariantCulture), request.Body.Length);
    }

    [Fact]
    public void Expands_compact_forms_unfolds_lines_and_accepts_bare_lf()
    {
        var text = "OPTIONS sip:127.0.0.1 SIP/2.0\n" +
                   "v: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bKabc;rport\n" +
                   "f: <sip:a@127.0.0.2>;tag=1\n" +
                   "t: <sip:b@127.0.0.1>\n" +
                   "i: call-1\n" +
                   "CSeq:   7 OPTIONS\n" +
                   "Subject: first part\n" +
                   "\tsecond part\n" +
                   "k: timer\n" +
                   "Supported: replaces\n" +
                   "l: 0\n\n";
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text));

        Assert.True(result.IsValid, result.Error.ToString());
        var message = result.Message!;
        Assert.Equal("call-1", message.CallId);
        Assert.Equal("first part second part", message.Headers.Get("subject"));
        Assert.Equal(["timer", "replaces"], message.Headers.GetList(HeaderNames.Supported));
        Assert.Equal(7u, message.CSeq!.Value.Number);
        Assert.True(message.TopVia!.HasRport);
        Assert.Equal("127.0.0.2:5070", message.TopVia.SentBy);
    }

    [Fact]
    public void Names_the_missing_required_header_and_keeps_what_was_readable()
    {
        var text = "INVITE sip:70012@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\r\nFrom: <sip:a@127.0.0.2>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text));

        Assert.Equal(SipParseError.MissingRequiredHeader, result.Error);
        Assert.Equal(HeaderNames.CallId, result.Detail);
        Assert.IsType<SipRequest>(result.Message);
    }

    [Fact]
    public void A_datagram_shorter_than_its_content_length_is_truncated()
    {
        var bytes = RepoPaths.FixtureBytes("sip/cube-siprec-forking-tls.sip");
        var result = SipParser.Parse(bytes.AsSpan(0, bytes.Length - 100));

        Assert.Equal(SipParseError.BodyTruncated, result.Error);
        Assert.NotNull(result.Message);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("INVITE sip:a SIP/2.0 extra\r\n\r\n")]
    [InlineData("SIP/2.0 2000 OK\r\n\r\n")]
    public void Rejects_bad_start_lines(string text)
    {
        Assert.Equal(SipParseError.BadStartLine, SipParser.Parse(Encoding.ASCII.GetBytes(text)).Error);
    }

    [Fact]
    public void Cseq_method_must_match_the_request_method()
    {
        var text = "BYE sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\r\nFrom: <sip:a@127.0.0.2>;tag=1\r\nTo: <sip:b@127.0.0.1>;tag=2\r\nCall-ID: x\r\nCSeq: 2 INVITE\r\n\r\n";
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.Equal(SipParseError.BadRequiredHeader, result.Error);
        Assert.Equal(HeaderNames.CSeq, result.Detail);
    }
}
