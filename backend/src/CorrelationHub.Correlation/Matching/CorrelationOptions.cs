using CorrelationHub.Correlation.Numbers;

namespace CorrelationHub.Correlation.Matching;

/// <summary>The <c>Correlation:*</c> keys.</summary>
public sealed class CorrelationOptions
{
    public const string Section = "Correlation";

    /// <summary>How far apart a segment and a dialog's connected time may be and still be compared (clock skew, late events).</summary>
    public int SlackSeconds { get; set; } = 30;

    /// <summary>Scores closer than this are not told apart: the link is ambiguous.</summary>
    public double AmbiguityMargin { get; set; } = 0.15;

    public NumberPlanOptions NumberPlan { get; set; } = new();
}
