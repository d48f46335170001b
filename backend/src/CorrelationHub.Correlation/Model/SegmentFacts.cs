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

    /// <summary>When the recorder closed the segment.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>
    /// When the segment's media stopped, known when the client's BYE never came: the recorder timed the segment out,
    /// or (still open) raised its media-stopped alarm (<see cref="Recordings.SegmentMediaEnd"/>); null otherwise.
    /// </summary>
    public DateTimeOffset? MediaEnd { get; init; }

    /// <summary>When the call this segment recorded ended, as far as the evidence says: the media's end when the BYE was lost, else <see cref="End"/>.</summary>
    public DateTimeOffset? CallEnd => MediaEnd is { } media && (End is null || media < End)
        ? (media > Start ? media : Start)
        : End;

    /// <summary>True when <see cref="CallEnd"/> comes from the media, not from the client's BYE.</summary>
    public bool EndFromMedia => MediaEnd is not null && CallEnd != End;

    public IReadOnlyList<ExactKey> Keys { get; init; } = [];

    /// <summary>The segment's span of the call (to <see cref="CallEnd"/>).</summary>
    public TimeRange Range => new(Start, CallEnd);

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
            yield return (current, new TimeRange(from, CallEnd));
        }
    }
}
