using System.Buffers.Binary;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests.Loopback;

/// <summary>
/// RFC 4733 telephone-events beside the audio, as a phone sends a key press (the in-band tone goes on in the audio
/// packets): the key is kept as a DTMF fact with its time and duration, and with Recording:MaskDtmf its span of the
/// file is silence.
/// </summary>
public sealed class DtmfLoopbackTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_key_press_is_kept_as_a_dtmf_fact_and_masked_when_asked(bool mask)
    {
        using var loop = new MediaLoopback(maskDtmf: mask);
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var voice = new ToneStream(770, 0xd7, 1, 0);
        uint? eventStart = null;
        for (var i = 0; i < 50; i++)
        {
            // 0.5 s in, the caller holds "5" for 100 ms: five event packets 20 ms apart, the last one (end bit) thrice.
            if (i is >= 25 and < 30)
            {
                eventStart ??= voice.Timestamp;
                var last = i == 29;
                foreach (var _ in Enumerable.Range(0, last ? 3 : 1))
                {
                    loop.Deliver(stream, sender, Event(voice, eventStart.Value, digit: 5, duration: (ushort)((i - 24) * 160), end: last));
                }
            }

            loop.Deliver(stream, sender, voice.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        var key = Assert.Single(quality.Dtmf);
        Assert.Equal(("5", 100), (key.Digit, key.DurationMs));
        Assert.InRange(key.AtSeconds, 0.49, 0.51);
        Assert.Equal(1, quality.TelephoneEvents);

        var pressed = wav.ChannelSamples[0].AsSpan(4000, 800);
        var around = wav.ChannelSamples[0].AsSpan(2000, 1600);
        Assert.True(Tone.Rms(around) > 3000, "the voice before the key press is kept");
        if (mask)
        {
            Assert.Equal(pressed.Length, Audio.Zeros(pressed));
        }
        else
        {
            Assert.True(Tone.Rms(pressed) > 3000, "without MaskDtmf the audio of the key press stays");
        }
    }

    /// <summary>A telephone-event packet (PT 101) in the voice stream's sequence space.</summary>
    private static byte[] Event(ToneStream voice, uint start, byte digit, ushort duration, bool end)
    {
        var payload = new byte[4];
        payload[0] = digit;
        payload[1] = (byte)((end ? 0x80 : 0) | 10);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), duration);
        return ToneStream.Rtp(101, voice.Sequence++, start, voice.Ssrc, payload, marker: duration == 160);
    }
}
