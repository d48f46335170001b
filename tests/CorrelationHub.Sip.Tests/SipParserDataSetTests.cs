using System.Text;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Tests;

/// <summary>
/// Parser data sets (docs/interop.md, parsing, T33, T37): every corpus message and every edge case gives the same result on a
/// contiguous buffer, a byte-per-segment sequence and an offset slice.
/// </summary>
public sealed class SipParserDataSetTests
{
    public static TheoryData<string> Messages => [.. Corpus.AllMessages()];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_corpus_and_fixture_message_parses_alike_in_every_buffer_shape(string name)
    {
        var bytes = Corpus.Load(name);
        var results = BufferShapes.All(bytes).Select(s => (s.Shape, Result: SipParser.Parse(s.Data))).ToList();

        foreach (var (shape, result) in results)
        {
            Assert.True(result.IsValid, $"{name} as {shape}: {result.Error} {result.Detail}");
            var message = result.Message!;
            Assert.Equal(int.Parse(message.Headers.Get(HeaderNames.ContentLength)!, System.Globalization.CultureInfo.InvariantCulture), message.Body.Length);
        }

        var reference = Describe(results[0].Result.Message!);
        Assert.All(results, r => Assert.Equal(reference, Describe(r.Result.Message!)));
    }

    public static TheoryData<string, string, SipParseError, string?> EdgeCases => new()
    {
        // name, message (\n becomes CRLF unless the name says lf), expected error, expected detail
        { "compact forms", "OPTIONS sip:a@127.0.0.1 SIP/2.0\nv: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nf: <sip:x@127.0.0.2>;tag=1\nt: <sip:a@127.0.0.1>\ni: c1\nCSeq: 1 OPTIONS\nm: <sip:x@127.0.0.2>\nk: timer\nl: 0\n\n", SipParseError.None, null },
        { "lf only", "OPTIONS sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nFrom: <sip:x@127.0.0.2>;tag=1\nTo: <sip:a@127.0.0.1>\nCall-ID: c1\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n", SipParseError.None, null },
        { "folded and padded", "OPTIONS sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2\n ;branch=z9hG4bK1\nFrom:<sip:x@127.0.0.2>;tag=1\nTo:   <sip:a@127.0.0.1>\nCall-ID:\tc1\nCSeq:   1    OPTIONS\nContent-Length:      0\n\n", SipParseError.None, null },
        { "leading keep-alive", "\n\nOPTIONS sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nFrom: <sip:x@127.0.0.2>;tag=1\nTo: <sip:a@127.0.0.1>\nCall-ID: c1\nCSeq: 1 OPTIONS\n\n", SipParseError.None, null },
        { "quoted display name with comma and escaped quote", "OPTIONS sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1, SIP/2.0/UDP 127.0.0.3;branch=z9hG4bK2\nFrom: \"Bobster, Bob \\\"B\\\"\" <sip:x@127.0.0.2;x-nearend>;tag=1\nTo: <sip:a@127.0.0.1>\nCall-ID: c1\nCSeq: 1 OPTIONS\n\n", SipParseError.None, null },
        { "missing call-id", "INVITE sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nFrom: <sip:x@127.0.0.2>;tag=1\nTo: <sip:a@127.0.0.1>\nCSeq: 1 INVITE\n\n", SipParseError.MissingRequiredHeader, "Call-ID" },
        { "unparseable via", "INVITE sip:a@127.0.0.1 SIP/2.0\nVia: garbage\nFrom: <sip:x@127.0.0.2>;tag=1\nTo: <sip:a@127.0.0.1>\nCall-ID: c1\nCSeq: 1 INVITE\n\n", SipParseError.BadRequiredHeader, "Via" },
        { "negative content-length", "INVITE sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nFrom: <sip:x@127.0.0.2>;tag=1\nTo: <sip:a@127.0.0.1>\nCall-ID: c1\nCSeq: 1 INVITE\nContent-Length: -3\n\n", SipParseError.BadContentLength, "-3" },
        { "body shorter than content-length", "INVITE sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nFrom: <sip:x@127.0.0.2>;tag=1\nTo: <sip:a@127.0.0.1>\nCall-ID: c1\nCSeq: 1 INVITE\nContent-Length: 50\n\nv=0\n", SipParseError.BodyTruncated, null },
        { "header line without colon", "INVITE sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\nbroken\n\n", SipParseError.BadHeaderLine, "broken" },
        { "continuation first", "INVITE sip:a@127.0.0.1 SIP/2.0\n continued\n\n", SipParseError.BadHeaderLine, "continuation without header" },
        { "no blank line", "INVITE sip:a@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\n", SipParseError.NoHeaderTerminator, null },
        { "bad start line", "HELLO\n\n", SipParseError.BadStartLine, "HELLO" },
        { "status code out of range", "SIP/2.0 099 Odd\n\n", SipParseError.BadStartLine, "SIP/2.0 099 Odd" },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Edge_cases_give_the_same_answer_in_every_buffer_shape(string name, string text, SipParseError error, string? detail)
    {
        var bytes = Encoding.UTF8.GetBytes(name.StartsWith("lf", StringComparison.Ordinal) ? text : text.Replace("\n", "\r\n", StringComparison.Ordinal));
        foreach (var (shape, data) in BufferShapes.All(bytes))
        {
            var result = SipParser.Parse(data);
            Assert.True(error == result.Error, $"{name} as {shape}: expected {error}, got {result.Error} {result.Detail}");
            if (detail is not null)
            {
                Assert.Equal(detail, result.Detail);
            }
        }
    }

    [Fact]
    public void Quoted_display_names_keep_commas_and_escapes_and_via_lists_split()
    {
        var text = "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1, SIP/2.0/UDP 127.0.0.3;branch=z9hG4bK2\r\nFrom: \"Bobster, Bob \\\"B\\\"\" <sip:x@127.0.0.2;x-nearend>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n\r\n";
        var message = SipParser.Parse(Encoding.UTF8.GetBytes(text)).Message!;
        Assert.Equal("Bobster, Bob \"B\"", message.From!.DisplayName);
        Assert.True(message.From.Uri!.Parameters.Contains("x-nearend"));
        Assert.Equal("1", message.From.Tag);
        Assert.Equal(2, message.Headers.GetList(HeaderNames.Via).Count);
        Assert.Equal("z9hG4bK1", message.TopVia!.Branch);
    }

    [Fact]
    public void Cucm_three_supported_lines_merge_into_one_set()
    {
        var message = SipParser.Parse(Corpus.Bytes("cucm-nbr-gateway-invite.sip")).Message!;
        Assert.Equal(["timer", "resource-priority", "replaces", "X-cisco-srtp-fallback", "Geolocation"], message.Headers.GetList(HeaderNames.Supported));
        Assert.Equal("1800", message.Headers.Get(HeaderNames.MinSe));
    }

    [Fact]
    public void Limits_bound_header_count_header_size_and_body_size()
    {
        var many = new StringBuilder("OPTIONS sip:a@127.0.0.1 SIP/2.0\r\n");
        for (var i = 0; i < 300; i++)
        {
            many.Append("X-Filler: ").Append(i).Append("\r\n");
        }

        many.Append("\r\n");
        Assert.Equal(SipParseError.TooManyHeaders, SipParser.Parse(Encoding.ASCII.GetBytes(many.ToString())).Error);

        var small = new SipParserLimits { MaxHeaderBytes = 200, MaxBodyBytes = 10 };
        var invite = Corpus.Bytes("cucm-nbr-gateway-invite.sip");
        Assert.Equal(SipParseError.TooLarge, SipParser.Parse(invite, limits: small).Error);

        var sized = new SipParserLimits { MaxBodyBytes = 1000 };
        var siprec = Corpus.Bytes("acme-siprec-offer.sip");
        var tooBig = SipParser.Parse(siprec, limits: sized);
        Assert.Equal(SipParseError.TooLarge, tooBig.Error);
        Assert.Equal("body", tooBig.Detail);
        Assert.NotNull(tooBig.Message);
    }

    private static string Describe(SipMessage message)
    {
        var builder = new StringBuilder();
        builder.Append(message is SipRequest request ? $"{request.Method} {request.RequestUri}" : $"{((SipResponse)message).StatusCode}").Append('\n');
        foreach (var header in message.Headers)
        {
            builder.Append(header.Name).Append('=').Append(header.Value).Append('\n');
        }

        builder.Append(Convert.ToHexString(message.Body.Span));
        return builder.ToString();
    }
}
