using CorrelationHub.Correlation.Numbers;

namespace CorrelationHub.Correlation.Matching;

/// <summary>The <c>Correlation:*</c> keys.</summary>
public sealed class CorrelationOptions
{
    public const string Section = "Correlation";

    /// <summary>How far (seconds) a dialog's agent time may lie outside a segment and still be a candidate.</summary>
    public int CandidateWindowSeconds { get; set; } = 120;

    /// <summary>Typical distance (seconds) between the agent connecting and the recording starting (answer to media).</summary>
    public double StartToleranceSeconds { get; set; } = 1.5;

    /// <summary>Typical distance (seconds) between the agent's hold or hang-up and the recording's end (BYE).</summary>
    public double EndToleranceSeconds { get; set; } = 2.0;

    /// <summary>Recorder clock minus Finesse server clock, when known to differ (milliseconds).</summary>
    public long FinesseClockOffsetMs { get; set; }

    /// <summary>A second candidate at least this fraction as likely as the best makes the link ambiguous.</summary>
    public double AmbiguityRatio { get; set; } = 0.25;

    /// <summary>Prior weight of "this recording belongs to a dialog no gadget reported", against 1 per candidate.</summary>
    public double UnreportedDialogWeight { get; set; } = 1;

    /// <summary>Least evidence (natural-log likelihood ratio) for any link: below it a recording stays unmatched.</summary>
    public double MinimumEvidence { get; set; } = 1.5;

    /// <summary>An agent session ends when no sign of life came for this long (Finesse itself allows up to 180 s).</summary>
    public int SessionTimeoutSeconds { get; set; } = 180;

    /// <summary>Links become final once nothing new arrived about their segment for this long.</summary>
    public int QuietPeriodSeconds { get; set; } = 300;

    /// <summary>
    /// Finesse mediaProperties (call variables included, by name) whose value is an exact key, and the key's kind:
    /// by default UCCE's <c>callGUID</c>, the same GUID a CVP-routed call carries as SIP <c>Cisco-Guid</c>.
    /// </summary>
    public Dictionary<string, string> KeyVariables { get; set; } = new(StringComparer.Ordinal) { ["callGUID"] = "call-guid" };

    public NumberPlanOptions NumberPlan { get; set; } = new();
}
