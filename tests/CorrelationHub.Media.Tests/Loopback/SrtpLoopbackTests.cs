using System.Security.Cryptography;
using CorrelationHub.Media.Srtp;
using CorrelationHub.Media.Tests.Srtp;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests.Loopback;

/// <summary>SRTP from libsrtp2 over loopback, decrypted with the key of the sender's SDES line.</summary>
public sealed class SrtpLoopbackTests
{
    public static TheoryData<string> Suites => [.. SrtpSuite.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Suites))]
    public void Libsrtp_protected_audio_is_recorded_and_tampered_or_replayed_packets_are_counted_not_written(string name)
    {
        var suite = SrtpSuite.Find(name)!;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material);
        using var loop = new MediaLoopback();
        var stream = loop.Open(0, crypto: new SdesCrypto(1, name, [new SdesKeyParam(material)], []));
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0xC0FFEE, 65_520, 0);
        byte[]? replay = null;
        for (var i = 0; i < 40; i++)
        {
            var wire = reference.Protect(tone.Next());
            replay ??= (byte[])wire.Clone();
            if (i == 20)
            {
                var forged = (byte[])wire.Clone();
                forged[15] ^= 0x40;
                loop.Deliver(stream, sender, forged);
            }

            loop.Deliver(stream, sender, wire);
            if (i == 30)
            {
                loop.Deliver(stream, sender, replay);
            }

            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        Assert.Equal(name, quality.Srtp);
        Assert.Equal(40, quality.Packets);
        Assert.Equal(0, quality.Lost);
        Assert.Equal(1, quality.SrtpAuthenticationFailures);
        Assert.Equal(1, quality.SrtpReplayFailures);
        Assert.Contains("srtp-auth-failures", stream.Flags());
        var left = wav.ChannelSamples[0];
        Assert.True(Tone.Power(left, 440, 8000) > 100 * Tone.Power(left, 1000, 8000));
        var run = Audio.SilenceRun(left, 40, 8);
        Assert.True(run < 0 || run >= (40 * 160) - 40, $"silence at {run}");
    }

    [Fact]
    public void Plain_rtp_on_an_srtp_stream_fails_authentication_and_leaves_silence_not_noise()
    {
        using var loop = new MediaLoopback();
        var material = RandomNumberGenerator.GetBytes(30);
        var stream = loop.Open(0, crypto: new SdesCrypto(1, "AES_CM_128_HMAC_SHA1_80", [new SdesKeyParam(material)], []));
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 1, 1, 0);
        for (var i = 0; i < 10; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        Assert.Equal(10, stream.Quality().SrtpAuthenticationFailures);
        Assert.Equal(0, stream.Quality().Packets);
        Assert.Equal(["no-audio", "srtp-auth-failures"], stream.Flags());
        Assert.Equal(wav.ChannelSamples[0].Length, Audio.Zeros(wav.ChannelSamples[0]));
    }

    [Fact]
    public void Delayed_offer_srtp_key_comes_with_the_ack_answer_and_held_packets_decrypt()
    {
        var suite = SrtpSuite.AeadAes128Gcm;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material);
        using var loop = new MediaLoopback();
        var stream = loop.Open(0, awaitAnswer: true);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0xD1, 1, 0);
        for (var i = 0; i < 20; i++)
        {
            loop.Deliver(stream, sender, reference.Protect(tone.Next()));
            loop.Advance(20);
        }

        stream.OnAnswer(new SdesCrypto(3, suite.Name, [new SdesKeyParam(material)], []));
        var wav = loop.Finish();
        Assert.Equal(20, stream.Quality().Packets);
        Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 100 * Tone.Power(wav.ChannelSamples[0], 1000, 8000));
    }
}
