namespace CorrelationHub.Persistence.Records;

/// <summary>Compliance figures for a time range: overall, and per UTC day, per team and per agent.</summary>
public sealed record ComplianceReport(
    long FromMs,
    long ToMs,
    ComplianceFigures Overall,
    IReadOnlyList<ComplianceFigures> ByDay,
    IReadOnlyList<ComplianceFigures> ByTeam,
    IReadOnlyList<ComplianceFigures> ByAgent);
