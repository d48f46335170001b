namespace CorrelationHub.Simulator.Play;

/// <summary>
/// Maps simulated time to the wall clock: wall = origin + sim / speed. Everything the product timestamps itself (SIP
/// arrival, RTP) and every Finesse time the gadget reports (stateChangeTime, startTime) is taken from this one mapping,
/// so the product sees a consistent, compressed world. Physical latencies (fork set-up, event delivery, BYE delay)
/// are added in real milliseconds on top and never scaled.
/// </summary>
public sealed record TimeMap(DateTimeOffset Origin, double Speed, int FinesseClockOffsetMs)
{
    public DateTimeOffset Wall(long sim) => Origin + TimeSpan.FromMilliseconds(sim / Speed);

    /// <summary>The Finesse server clock for a simulated moment (NTP-synchronised, a few ms off the recorder).</summary>
    public DateTimeOffset Finesse(long sim) => Wall(sim) + TimeSpan.FromMilliseconds(FinesseClockOffsetMs);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
