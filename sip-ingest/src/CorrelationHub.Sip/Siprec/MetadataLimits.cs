namespace CorrelationHub.Sip.Siprec;

/// <summary>Bounds on a metadata document (docs/interop.md PA-7): anything beyond them is refused before it costs memory.</summary>
public sealed record MetadataLimits
{
    public static MetadataLimits Default { get; } = new();

    public int MaxCharacters { get; init; } = 64 * 1024;

    public int MaxDepth { get; init; } = 16;

    public int MaxElements { get; init; } = 4096;

    /// <summary>Vendor values kept per participant or recording; longer lists are cut.</summary>
    public int MaxVendorIds { get; init; } = 32;

    public int MaxValueLength { get; init; } = 512;
}
