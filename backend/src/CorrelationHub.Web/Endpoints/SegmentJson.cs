using CorrelationHub.Persistence.Pipeline;

namespace CorrelationHub.Web.Endpoints;

/// <summary>The parts of a segment that the recording and the dialog detail both show, in one JSON shape.</summary>
internal static class SegmentJson
{
    /// <summary>A segment's stored flags (comma-separated) as a list.</summary>
    public static string[] Flags(string? flags) => string.IsNullOrEmpty(flags) ? [] : flags.Split(',');

    /// <summary>A segment's stored codecs (<c>left/right</c>) by channel.</summary>
    public static IReadOnlyList<TrackCodecView> Codecs(string? codecs) => codecs is null
        ? []
        : [.. codecs.Split('/').Select((codec, channel) => new TrackCodecView(channel, codec)).Where(c => c.Codec.Length > 0)];

    /// <summary>One of a segment's links: the evidence the call detail and the recording endpoint show.</summary>
    public static SegmentLinkView Link(StoredLink link) =>
        new(link.Rank, link.DialogId, link.Extension, link.Username, link.Status, link.Confidence, link.Reason, link.Final);
}

/// <summary>One link of a segment to a dialog: rank 0 is the engine's choice, the others the rivals it weighed.</summary>
public sealed record SegmentLinkView(int Rank, string? DialogId, string? Extension, string? Username, string Status, double Confidence, string Reason, bool Final);
