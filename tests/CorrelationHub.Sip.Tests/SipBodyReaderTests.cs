using System.Text;
using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

/// <summary>Multipart and body handling (docs/interop.md PA-5, PA-6, SR-4, SR-5, T34).</summary>
public sealed class SipBodyReaderTests
{
    public static TheoryData<string, bool, string?> SiprecOffers => new()
    {
        // message, metadata expected, ignored optional part
        { "fixture:cube-siprec-forking-tls.sip", true, null },
        { "corpus:acme-siprec-offer.sip", true, null },
        { "corpus:sonus-siprec-offer.sip", true, null },
        { "corpus:audiocodes-legacy-offer.sip", true, null },
        { "corpus:broadworks-offer.sip", true, null },
        { "corpus:avaya-sbce-offer.sip", true, null },
        { "corpus:opensips-offer.sip", true, null },
        { "corpus:sems-offer.sip", true, null },
        { "corpus:metaswitch-offer.sip", false, null },
    };

    [Theory]
    [MemberData(nameof(SiprecOffers))]
    public void Finds_sdp_and_metadata_in_every_vendor_body(string name, bool hasMetadata, string? ignored)
    {
        var request = Parse(Corpus.Load(name));
        var body = SipBodyReader.Read(request);

        Assert.True(body.IsValid, body.ErrorDetail);
        Assert.StartsWith("v=0", body.Sdp);
        Assert.Contains("m=audio", body.Sdp);
        Assert.DoesNotContain("--", body.Sdp!.TrimEnd());
        Assert.Equal(hasMetadata, body.Metadata is not null);
        if (hasMetadata)
        {
            Assert.EndsWith(">", body.Metadata!.TrimEnd());
            Assert.DoesNotContain("--", body.Metadata.TrimEnd()[^20..]);
        }

        Assert.Equal(ignored is null ? [] : [ignored], body.IgnoredParts);
    }

    [Fact]
    public void Broadworks_metadata_first_with_per_part_content_length_and_lf_only()
    {
        var body = SipBodyReader.Read(Parse(Corpus.Bytes("broadworks-offer.sip")));
        Assert.StartsWith("<?xml", body.Metadata);
        Assert.EndsWith("</recording_metadata>", body.Metadata);
        Assert.EndsWith("a=label:1", body.Sdp);
    }

    [Fact]
    public void Cube_optional_gtd_part_is_ignored_and_a_required_unknown_part_gets_415()
    {
        var cube = RepoPaths.FixtureText("sip/cube-siprec-forking-tls.sip");
        var gtd = "--uniqueBoundary\r\nContent-Type: application/gtd\r\nContent-Disposition: signal;handling=optional\r\n\r\nIAM,\r\nGCI,7e3b9d10a1b211f1a0c00000a0000b15\r\n\r\n--uniqueBoundary--\r\n";
        var withGtd = WithBody(cube, cube[cube.IndexOf("--uniqueBoundary", StringComparison.Ordinal)..].Replace("--uniqueBoundary--\r\n", gtd, StringComparison.Ordinal));
        var body = SipBodyReader.Read(Parse(withGtd));
        Assert.True(body.IsValid);
        Assert.Equal(["application/gtd"], body.IgnoredParts);
        Assert.NotNull(body.Sdp);
        Assert.NotNull(body.Metadata);

        var required = SipBodyReader.Read(Parse(withGtd.Replace("signal;handling=optional", "signal;handling=required", StringComparison.Ordinal)));
        Assert.Equal(BodyError.UnsupportedRequired, required.Error);
        Assert.Equal("application/gtd", required.ErrorDetail);
    }

    public static TheoryData<string, string> TolerantBodies => new()
    {
        // case, content type with the body following a blank line
        { "quoted boundary", "multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: application/sdp\n\nv=0\nm=audio 1 RTP/AVP 0\n--b1--\n" },
        { "bare boundary, mixed-case types", "Multipart/Mixed;boundary=b1\n\n--b1\nContent-Type: Application/SDP\n\nv=0\nm=audio 1 RTP/AVP 0\n--b1\nContent-Type: application/RS-Metadata+XML\n\n<recording/>\n--b1--\n" },
        { "missing close delimiter", "multipart/mixed;boundary=b1\n\n--b1\nContent-Type: application/sdp\n\nv=0\nm=audio 1 RTP/AVP 0\n\n" },
        { "no boundary parameter", "multipart/mixed\n\n--b1\nContent-Type: application/sdp\n\nv=0\nm=audio 1 RTP/AVP 0\n--b1--\n" },
        { "wrong boundary parameter", "multipart/mixed;boundary=other\n\n--b1\nContent-Type: application/sdp\n\nv=0\nm=audio 1 RTP/AVP 0\n--b1--\n" },
        { "preamble and transport padding", "multipart/mixed;boundary=b1\n\nThis is a preamble.\n--b1   \nContent-Type: application/sdp\n\nv=0\nm=audio 1 RTP/AVP 0\n--b1--  \nepilogue\n" },
    };

    [Theory]
    [MemberData(nameof(TolerantBodies))]
    public void Tolerates_what_real_multipart_bodies_get_wrong(string name, string typeAndBody)
    {
        var split = typeAndBody.IndexOf("\n\n", StringComparison.Ordinal);
        foreach (var crlf in new[] { false, true })
        {
            var bodyText = typeAndBody[(split + 2)..];
            if (crlf)
            {
                bodyText = bodyText.Replace("\n", "\r\n", StringComparison.Ordinal);
            }

            var request = new SipRequest("INVITE", "sip:a@127.0.0.1");
            request.Headers.Add(HeaderNames.ContentType, typeAndBody[..split]);
            request.Body = Encoding.UTF8.GetBytes(bodyText);
            var body = SipBodyReader.Read(request);

            Assert.True(body.IsValid, $"{name} (crlf={crlf}): {body.ErrorDetail}");
            Assert.Equal("v=0\nm=audio 1 RTP/AVP 0", body.Sdp!.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        }
    }

    [Fact]
    public void A_multipart_body_without_any_delimiter_is_malformed()
    {
        var request = new SipRequest("INVITE", "sip:a@127.0.0.1");
        request.Headers.Add(HeaderNames.ContentType, "multipart/mixed;boundary=b1");
        request.Body = "v=0\r\nm=audio 1 RTP/AVP 0\r\n"u8.ToArray();
        var body = SipBodyReader.Read(request);
        Assert.Equal(BodyError.Malformed, body.Error);
        Assert.Equal("boundary not found in body", body.ErrorDetail);
    }

    [Fact]
    public void A_metadata_only_body_and_an_unknown_body_type()
    {
        var bye = SipBodyReader.Read(Parse(Corpus.Bytes("cube-siprec-bye-with-metadata.sip")));
        Assert.Null(bye.Sdp);
        Assert.Contains("<end-time>", bye.Metadata);

        var request = new SipRequest("INFO", "sip:a@127.0.0.1");
        request.Headers.Add(HeaderNames.ContentType, "application/vnd.unknown");
        request.Body = "x"u8.ToArray();
        Assert.Equal(BodyError.UnsupportedRequired, SipBodyReader.Read(request).Error);
        request.Headers.Add(HeaderNames.ContentDisposition, "render;handling=optional");
        Assert.True(SipBodyReader.Read(request).IsValid);
    }

    [Fact]
    public void Sonus_metadata_snapshot_request_part_is_recognised()
    {
        var request = new SipRequest("UPDATE", "sip:a@127.0.0.1");
        request.Headers.Add(HeaderNames.ContentType, "application/rs-metadata-request");
        request.Body = "SRS internal error"u8.ToArray();
        Assert.True(SipBodyReader.Read(request).MetadataRequest);
    }

    private static SipRequest Parse(byte[] bytes)
    {
        var result = SipParser.Parse(bytes);
        Assert.True(result.IsValid, result.Error.ToString());
        return (SipRequest)result.Message!;
    }

    private static SipRequest Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static string WithBody(string message, string body)
    {
        var headerEnd = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = System.Text.RegularExpressions.Regex.Replace(message[..headerEnd], @"Content-Length: \d+", "Content-Length: " + Encoding.UTF8.GetByteCount(body));
        return headers + "\r\n\r\n" + body;
    }
}
