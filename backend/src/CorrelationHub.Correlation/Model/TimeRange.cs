namespace CorrelationHub.Correlation.Model;

/// <summary>A time interval; a null <see cref="End"/> means still going.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset? End)
{
    public TimeSpan OverlapWith(TimeRange other, DateTimeOffset now)
    {
        var start = Start > other.Start ? Start : other.Start;
        var endA = End ?? now;
        var endB = other.End ?? now;
        var end = endA < endB ? endA : endB;
        return end > start ? end - start : TimeSpan.Zero;
    }
}
