namespace CorrelationHub.Media.Codecs;

/// <summary>
/// Lowers 48 kHz audio by a whole factor (3 → 16 kHz, 6 → 8 kHz) through a windowed-sinc low-pass FIR whose cut-off
/// sits below the new Nyquist frequency, so nothing folds back. Keeps its history across calls: feed it one stream's
/// audio in order.
/// </summary>
public sealed class Decimator
{
    private const int Taps = 96;

    private readonly int _factor;
    private readonly float[] _coefficients;

    // The last Taps input samples, twice over (sample i at i and i + Taps), so every window is one contiguous span.
    private readonly float[] _history = new float[2 * Taps];
    private int _head;
    private int _phase;

    public Decimator(int factor)
    {
        if (factor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(factor));
        }

        _factor = factor;
        _coefficients = LowPass(0.45 / factor);
    }

    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        var written = 0;
        var coefficients = _coefficients.AsSpan();
        foreach (var sample in input)
        {
            _history[_head] = sample;
            _history[_head + Taps] = sample;
            _head = _head + 1 == Taps ? 0 : _head + 1;
            if (++_phase < _factor)
            {
                continue;
            }

            _phase = 0;
            var sum = Dot(_history.AsSpan(_head, Taps), coefficients);
            output[written++] = (short)Math.Clamp(MathF.Round(sum), short.MinValue, short.MaxValue);
        }

        return written;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = System.Numerics.Vector<float>.Count;
        var acc = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i + width <= a.Length; i += width)
        {
            acc += new System.Numerics.Vector<float>(a.Slice(i, width)) * new System.Numerics.Vector<float>(b.Slice(i, width));
        }

        var sum = System.Numerics.Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>A Blackman-windowed sinc low-pass with cut-off <paramref name="cutoff"/> (a fraction of the input rate), unity gain.</summary>
    private static float[] LowPass(double cutoff)
    {
        var taps = new double[Taps];
        var middle = (Taps - 1) / 2.0;
        for (var n = 0; n < Taps; n++)
        {
            var x = n - middle;
            var sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            var window = 0.42 - (0.5 * Math.Cos(2 * Math.PI * n / (Taps - 1))) + (0.08 * Math.Cos(4 * Math.PI * n / (Taps - 1)));
            taps[n] = sinc * window;
        }

        var gain = taps.Sum();
        return [.. taps.Select(t => (float)(t / gain))];
    }
}
