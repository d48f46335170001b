namespace CorrelationHub.Media.Rtp;

/// <summary>RFC 3550 §6.4.1 and Appendix A.8 interarrival jitter: J += (|D(i−1,i)| − J) / 16, in RTP clock units.</summary>
public sealed class JitterEstimator
{
    private double _lastTransit;
    private bool _any;

    public double Jitter { get; private set; }

    public double MaxJitter { get; private set; }

    /// <param name="arrivalSeconds">Arrival time on the receiver's clock.</param>
    /// <param name="timestamp">The packet's RTP timestamp.</param>
    /// <param name="clockRate">The payload's RTP clock rate.</param>
    public void Update(double arrivalSeconds, uint timestamp, int clockRate)
    {
        // Transit in clock units; the unsigned timestamp is unwrapped against the previous transit.
        var transit = (arrivalSeconds * clockRate) - timestamp;
        if (_any)
        {
            var d = transit - _lastTransit;
            d -= Math.Round(d / 4294967296.0) * 4294967296.0;
            Jitter += (Math.Abs(d) - Jitter) / 16;
            MaxJitter = Math.Max(MaxJitter, Jitter);
        }

        _lastTransit = transit;
        _any = true;
    }

    public void Reset()
    {
        _any = false;
    }

    public double Milliseconds(int clockRate) => Jitter * 1000 / clockRate;
}
