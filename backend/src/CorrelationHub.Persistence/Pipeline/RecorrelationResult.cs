namespace CorrelationHub.Persistence.Pipeline;

/// <summary>What a correlation run did.</summary>
public sealed record RecorrelationResult(int Segments, int Legs, int Links, int ChangedLinks, IReadOnlyList<string> ChangedExtensions, TimeSpan Elapsed)
{
    public static readonly RecorrelationResult Nothing = new(0, 0, 0, 0, [], TimeSpan.Zero);

    public RecorrelationResult Add(RecorrelationResult other) => new(
        Segments + other.Segments,
        Legs + other.Legs,
        Links + other.Links,
        ChangedLinks + other.ChangedLinks,
        [.. ChangedExtensions.Concat(other.ChangedExtensions).Distinct(StringComparer.Ordinal)],
        Elapsed + other.Elapsed);
}
