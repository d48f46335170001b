using System.Buffers;
using CorrelationHub.Sip.Framing;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

public sealed class StreamFramerTests
{
    [Fact]
    public void Frames_two_messages_in_one_read_after_keepalive_crlfs()
    {
        var invite = RepoPaths.FixtureBytes("sip/cube-siprec-forking-tls.sip");
        var options = RepoPaths.FixtureBytes("sip/cube-options-keepalive.sip");
        var stream = "\r\n\r\n"u8.ToArray().Concat(invite).Concat(options).ToArray();

        var first = StreamFramer.TryFrame(new ReadOnlySequence<byte>(stream));
        Assert.Equal(StreamFrameStatus.Message, first.Status);
        Assert.Equal(4, first.SkippedBytes);
        Assert.Equal(invite.Length, first.MessageLength);

        var rest = new ReadOnlySequence<byte>(stream.AsMemory((int)(first.SkippedBytes + first.MessageLength)));
        var second = StreamFramer.TryFrame(rest);
        Assert.Equal(StreamFrameStatus.Message, second.Status);
        Assert.Equal(options.Length, second.MessageLength);
    }

    [Fact]
    public void Needs_more_data_until_the_whole_body_arrives_even_one_byte_per_segment()
    {
        var invite = RepoPaths.FixtureBytes("sip/cube-siprec-forking-tls.sip");
        for (var cut = 1; cut < invite.Length; cut += 97)
        {
            Assert.Equal(StreamFrameStatus.NeedMoreData, StreamFramer.TryFrame(BytePerSegment.Create(invite.AsSpan(0, cut).ToArray())).Status);
        }

        var whole = StreamFramer.TryFrame(BytePerSegment.Create(invite));
        Assert.Equal(StreamFrameStatus.Message, whole.Status);
        Assert.Equal(invite.Length, whole.MessageLength);
    }

    [Fact]
    public void A_bad_content_length_cannot_be_framed()
    {
        var bytes = "OPTIONS sip:a SIP/2.0\r\nContent-Length: -5\r\n\r\n"u8.ToArray();
        Assert.Equal(StreamFrameStatus.Invalid, StreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes)).Status);
    }

    [Theory]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nl: 3\r\n\r\nabc", 3, false)]
    [InlineData("OPTIONS sip:a SIP/2.0\r\ncontent-length:\t  3 \r\n\r\nabc", 3, false)]
    [InlineData("OPTIONS sip:a SIP/2.0\nContent-Length: 3\n\nabc", 3, false)]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nX-Content-Length: 9\r\n\r\n", 0, true)]
    public void Content_length_is_found_in_every_spelling_and_its_absence_is_reported(string text, int body, bool missing)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        foreach (var shape in new[] { new ReadOnlySequence<byte>(bytes), BytePerSegment.Create(bytes) })
        {
            var frame = StreamFramer.TryFrame(shape);
            Assert.Equal(StreamFrameStatus.Message, frame.Status);
            Assert.Equal(bytes.Length, frame.MessageLength);
            Assert.True(body <= frame.MessageLength);
            Assert.Equal(missing, frame.MissingContentLength);
        }
    }

    [Theory]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nContent-Length: +3\r\n\r\nabc")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nContent-Length: three\r\n\r\n")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nContent-Length:\r\n\r\n")]
    public void A_content_length_that_is_not_a_number_cannot_be_framed(string text)
    {
        Assert.Equal(StreamFrameStatus.Invalid, StreamFramer.TryFrame(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text))).Status);
    }
}
