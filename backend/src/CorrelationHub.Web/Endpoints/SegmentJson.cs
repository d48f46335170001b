using CorrelationHub.Persistence.Pipeline;

namespace CorrelationHub.Web.Endpoints;

/// <summary>The parts of a segment that the recording and the dialog detail both show, in one JSON shape.</summary>
internal static class SegmentJson
{
    /// <summary>A segment's stored flags (comma-separated) as a list.</summary>
    public static string[] Flags(string? flags) => string.IsNullOrEmpty(flags) ? [] : flags.Split(',');

    /// <summary>One of a segment's links: the evidence the call detail and the recording endpoint show.</summary>
    public static object Link(StoredLink link) => new
    {
        rank = link.Rank,
        dialogId = link.DialogId,
        extension = link.Extension,
        username = link.Username,
        status = link.Status,
        confidence = link.Confidence,
        reason = link.Reason,
        final = link.Final,
    };
}
