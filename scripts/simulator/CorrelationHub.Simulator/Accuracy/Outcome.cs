namespace CorrelationHub.Simulator.Accuracy;

/// <summary>How the export treated one truth segment.</summary>
public static class Outcome
{
    /// <summary>The right answer: linked to the true dialog, or flagged ambiguous/unmatched when that is what the evidence allows.</summary>
    public const string Correct = "correct";

    /// <summary>Linked (matched) to another dialog.</summary>
    public const string Wrong = "wrong";

    /// <summary>Flagged ambiguous although the evidence decides it.</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>Left unmatched although the evidence decides it.</summary>
    public const string Unmatched = "unmatched";

    /// <summary>Matched (even to the right dialog) although the evidence cannot decide it: must be ambiguous.</summary>
    public const string ShouldBeAmbiguous = "should_be_ambiguous";

    /// <summary>No export row for the segment: the product did not record it.</summary>
    public const string Missed = "missed";
}
