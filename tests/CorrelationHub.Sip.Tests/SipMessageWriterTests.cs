using System.Text;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Tests;

/// <summary>The writer: CRLF framing, a Content-Length that always matches the body, and what the parser reads back.</summary>
public sealed class SipMessageWriterTests
{
    [Theory]
    [MemberData(nameof(SipParserDataSetTests.Messages), MemberType = typeof(SipParserDataSetTests))]
    public void Every_message_survives_write_then_parse(string name)
    {
        var original = SipParser.Parse(Corpus.Load(name)).Message!;
        var written = SipMessageWriter.ToBytes(original);
        var again = SipParser.Parse(written, isDatagram: false);

        Assert.True(again.IsValid, $"{name}: {again.Error} {again.Detail}");
        Assert.Equal(original.Headers.Where(h => h.Name != HeaderNames.ContentLength).Select(h => (h.Name, h.Value)), again.Message!.Headers.Where(h => h.Name != HeaderNames.ContentLength).Select(h => (h.Name, h.Value)));
        Assert.Equal(original.Body.ToArray(), again.Message.Body.ToArray());
    }

    [Fact]
    public void Content_length_is_computed_from_the_body_whatever_the_header_said()
    {
        var response = new SipResponse(200, "OK");
        response.Headers.Add(HeaderNames.ContentLength, "999");
        response.Headers.Add(HeaderNames.ContentType, "application/sdp");
        response.Body = "v=0\r\n"u8.ToArray();
        var text = Encoding.UTF8.GetString(SipMessageWriter.ToBytes(response));
        Assert.Equal("SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n", text);
    }
}
