namespace CorrelationHub.Correlation.Model;

/// <summary>The export's <c>match_status</c> values (docs/contracts.md §5).</summary>
public static class MatchStatus
{
    public const string Matched = "matched";
    public const string Ambiguous = "ambiguous";
    public const string UnmatchedRecording = "unmatched_recording";
    public const string NoRecording = "no_recording";
}
