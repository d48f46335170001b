namespace CorrelationHub.Correlation.Model;

/// <summary>
/// One conclusion about a segment. A segment has one link (matched or unmatched), one per candidate when ambiguous,
/// or one per dialog when it spans a consult that became a conference. <see cref="Rank"/> 0 is the best.
/// </summary>
public sealed record SegmentLink(
    string RecordingId,
    int SegmentIndex,
    int Rank,
    string? DialogId,
    string? Extension,
    string? Username,
    string Status,
    double Confidence,
    string Reason);
