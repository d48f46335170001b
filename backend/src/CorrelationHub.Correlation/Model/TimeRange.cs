namespace CorrelationHub.Correlation.Model;

/// <summary>A time interval; a null <see cref="End"/> means still going.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset? End)
{
    public DateTimeOffset EndOr(DateTimeOffset now) => End ?? (now > Start ? now : Start);

    public TimeSpan OverlapWith(TimeRange other, DateTimeOffset now)
    {
        var start = Start > other.Start ? Start : other.Start;
        var endA = EndOr(now);
        var endB = other.EndOr(now);
        var end = endA < endB ? endA : endB;
        return end > start ? end - start : TimeSpan.Zero;
    }

    public bool Contains(DateTimeOffset time, DateTimeOffset now) => time >= Start && time <= EndOr(now);
}
