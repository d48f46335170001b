using CorrelationHub.Media.Rtp;

namespace CorrelationHub.Media.Tests;

public sealed class RtpPacketTests
{
    [Fact]
    public void Skips_csrcs_extension_and_padding()
    {
        var packet = new byte[]
        {
            0xB1, 0x80 | 8, 0x12, 0x34, 0, 0, 0x01, 0x40, 0xDE, 0xAD, 0xBE, 0xEF, // V=2 P=1 X=1 CC=1, M=1 PT=8
            1, 2, 3, 4, // CSRC
            0xBE, 0xDE, 0, 1, 9, 9, 9, 9, // extension: one word
            0x55, 0xD5, 0x55, // payload
            0, 2, // padding, count 2... last byte is the count
        };
        packet[^1] = 2;

        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.True(rtp.Marker);
        Assert.Equal(8, rtp.PayloadType);
        Assert.Equal(0x1234, rtp.SequenceNumber);
        Assert.Equal(320u, rtp.Timestamp);
        Assert.Equal(0xDEADBEEFu, rtp.Ssrc);
        Assert.Equal(new byte[] { 0x55, 0xD5, 0x55 }, rtp.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 })]
    [InlineData(new byte[] { 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x8F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x80, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Refuses_short_wrong_version_truncated_or_rtcp(byte[] packet) => Assert.False(RtpPacket.TryParse(packet, out _));

    [Fact]
    public void Track_clock_follows_timestamps_across_wrap_and_reanchors_on_a_new_ssrc()
    {
        var clock = new RtpTrackClock(8000, TimeSpan.FromSeconds(2));
        Assert.Equal(1000, clock.PositionOf(1, uint.MaxValue - 79, 1000));
        Assert.Equal(1160, clock.PositionOf(1, 80, 1170));
        Assert.Equal(5000, clock.PositionOf(2, 123, 5000));
        Assert.Equal(1, clock.SsrcChanges);
    }
}
