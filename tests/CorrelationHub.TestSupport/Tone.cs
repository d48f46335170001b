namespace CorrelationHub.TestSupport;

/// <summary>Test signals and their measurement: a sine generator and a Goertzel power detector.</summary>
public static class Tone
{
    public static short[] Sine(double frequency, int sampleRate, int samples, double amplitude = 8000, int phaseOffset = 0)
    {
        var result = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            result[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * (i + phaseOffset) / sampleRate));
        }

        return result;
    }

    /// <summary>Normalised power of one frequency in the samples (Goertzel).</summary>
    public static double Power(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (var sample in samples)
        {
            var s0 = sample + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return power / Math.Max(1, samples.Length * (double)samples.Length);
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += sample * (double)sample;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
