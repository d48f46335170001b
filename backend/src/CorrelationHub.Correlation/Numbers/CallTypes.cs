namespace CorrelationHub.Correlation.Numbers;

/// <summary>Finesse <c>callType</c> values by the kind of far end they imply.</summary>
public static class CallTypes
{
    private static readonly HashSet<string> Internal = new(StringComparer.OrdinalIgnoreCase)
    {
        "AGENT_INSIDE", "SUPERVISOR_MONITOR", "ASSIST_CALL", "BARGE_IN_CONSULT",
    };

    private static readonly HashSet<string> External = new(StringComparer.OrdinalIgnoreCase)
    {
        "ACD_IN", "PREROUTE_ACD_IN", "PREROUTE_DIRECT_AGENT", "OVERFLOW_IN", "OUT", "AGENT_OUT", "AUTO_OUT",
        "OUTBOUND", "OUTBOUND_PREVIEW", "OUTBOUND_CALLBACK", "OUTBOUND_PERSONAL_CALLBACK", "OUTBOUND_DIRECT_PREVIEW",
    };

    /// <summary>True when the type implies an internal far end, false when external, null when it can be either.</summary>
    public static bool? ImpliesInternal(string? callType) =>
        callType is null ? null : Internal.Contains(callType) ? true : External.Contains(callType) ? false : null;
}
