using CorrelationHub.Simulator.Site;

namespace CorrelationHub.Simulator.Day;

/// <summary>A generated day: every gadget event and recording segment with the dialog it truly belongs to.</summary>
public sealed record DayPlan(
    SiteDescription Site,
    double Speed,
    long LengthSim,
    IReadOnlyList<AgentIdentity> Agents,
    IReadOnlyList<GadgetAction> Gadget,
    IReadOnlyList<RecordingPlan> Recordings,
    IReadOnlyList<CallRecord> Calls);

/// <summary>One customer-facing call of the day (with its consult, transfer or conference parts).</summary>
public sealed record CallRecord(string CallKey, string Scenario, long StartSim, IReadOnlyList<string> DialogIds, IReadOnlyList<string> Usernames, bool RepeatCaller, string? Downgraded);
