namespace CorrelationHub.Correlation.Model;

/// <summary>The engine's conclusion for one segment. <see cref="DialogId"/> is the best candidate (null when none).</summary>
public sealed record SegmentLink(string RecordingId, int SegmentIndex, string? DialogId, string Status, double Confidence, string Reason);
