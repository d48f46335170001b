namespace CorrelationHub.Simulator.Day;

/// <summary>Deterministic random choices for the generator.</summary>
public sealed class Sampler(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public bool Chance(double share) => share > 0 && _random.NextDouble() < share;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal around a median: most values within a factor of ~1.6 of it.</summary>
    public double LogNormal(double median, double sigma = 0.5) => median * Math.Exp(sigma * Normal());

    /// <summary>A duration in simulated ms: log-normal around <paramref name="medianSeconds"/>, never below <paramref name="floorMs"/>.</summary>
    public long DurationMs(double medianSeconds, long floorMs, double sigma = 0.5) => Math.Max(floorMs, (long)(LogNormal(medianSeconds, sigma) * 1000));

    /// <summary>A real-time latency in ms around a median, clamped.</summary>
    public int LatencyMs(int median, int min, int max) => (int)Math.Clamp(LogNormal(median, 0.4), min, max);

    public string Digits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + _random.Next(10));
        }

        return new string(chars);
    }

    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var x = _random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
