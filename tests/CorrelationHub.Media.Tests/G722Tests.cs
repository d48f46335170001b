using CorrelationHub.Media.Codecs;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests;

public sealed class G722Tests
{
    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(6000)]
    public void A_tone_survives_encode_and_decode_at_16_khz(double frequency)
    {
        var input = Tone.Sine(frequency, 16000, 16000);
        var encoded = new byte[input.Length / 2];
        Assert.Equal(encoded.Length, new G722Encoder().Encode(input, encoded));

        var decoder = new G722Decoder();
        var output = new short[input.Length];
        var written = 0;
        for (var offset = 0; offset < encoded.Length; offset += 160)
        {
            written += decoder.Decode(encoded.AsSpan(offset, 160), output.AsSpan(written));
        }

        Assert.Equal(input.Length, written);
        var settled = output.AsSpan(800);
        Assert.InRange(Tone.Rms(settled), 0.8 * Tone.Rms(input), 1.2 * Tone.Rms(input));
        var other = frequency == 1000 ? 440 : 1000;
        Assert.True(Tone.Power(settled, frequency, 16000) > 100 * Tone.Power(settled, other, 16000));

        // Signal-to-noise against the input, allowing for the QMF pair's delay.
        var best = Enumerable.Range(0, 40).Max(delay => Snr(input.AsSpan(800, 8000), output.AsSpan(800 + delay, 8000)));
        Assert.True(best > 20, $"SNR {best:F1} dB");
    }

    [Fact]
    public void Low_band_decode_gives_8_khz_speech_band_audio()
    {
        var input = Tone.Sine(700, 16000, 16000);
        var encoded = new byte[8000];
        new G722Encoder().Encode(input, encoded);
        var output = new short[8000];
        Assert.Equal(8000, new G722Decoder(8000).Decode(encoded, output));
        Assert.True(Tone.Power(output.AsSpan(400), 700, 8000) > 100 * Tone.Power(output.AsSpan(400), 1500, 8000));
        Assert.InRange(Tone.Rms(output.AsSpan(400)), 0.7 * Tone.Rms(input), 1.3 * Tone.Rms(input));
    }

    [Fact]
    public void G711_upsampled_to_16_khz_keeps_the_tone()
    {
        var input = Tone.Sine(1000, 8000, 8000);
        var encoded = input.Select(G711.EncodeMuLaw).ToArray();
        var decoder = AudioDecoders.Create("PCMU", 16000);
        var output = new short[decoder.SamplesFor(encoded.Length)];
        Assert.Equal(16000, decoder.Decode(encoded, output));
        Assert.True(Tone.Power(output, 1000, 16000) > 100 * Tone.Power(output, 3000, 16000));
    }

    private static double Snr(ReadOnlySpan<short> reference, ReadOnlySpan<short> actual)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += reference[i] * (double)reference[i];
            var error = reference[i] - (double)actual[i];
            noise += error * error;
        }

        return 10 * Math.Log10(signal / Math.Max(1, noise));
    }
}
