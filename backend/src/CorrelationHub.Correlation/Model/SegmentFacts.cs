namespace CorrelationHub.Correlation.Model;

/// <summary>What the engine knows of one recording segment (for CUCM: one pair of legs between holds), on the recorder's clock.</summary>
public sealed record SegmentFacts
{
    public required string RecordingId { get; init; }

    public required int SegmentIndex { get; init; }

    public string? Source { get; init; }

    public string? AgentExtension { get; init; }

    /// <summary>The far end when the segment started.</summary>
    public string? FarEndAddress { get; init; }

    /// <summary>Later far ends (re-INVITE/UPDATE after a transfer or conference), in time order.</summary>
    public IReadOnlyList<FarEndChange> FarEndChanges { get; init; } = [];

    public required DateTimeOffset Start { get; init; }

    public DateTimeOffset? End { get; init; }

    public IReadOnlyList<ExactKey> Keys { get; init; } = [];

    public TimeRange Range => new(Start, End);

    /// <summary>Every far-end address the segment had, with the interval each was in effect.</summary>
    public IEnumerable<(string Address, TimeRange During)> FarEnds()
    {
        var from = Start;
        var current = FarEndAddress;
        foreach (var change in FarEndChanges.OrderBy(c => c.At))
        {
            if (current is not null)
            {
                yield return (current, new TimeRange(from, change.At));
            }

            from = change.At;
            current = change.Address;
        }

        if (current is not null)
        {
            yield return (current, new TimeRange(from, End));
        }
    }
}
