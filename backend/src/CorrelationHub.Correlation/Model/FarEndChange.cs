namespace CorrelationHub.Correlation.Model;

/// <summary>The far-end address of a recording segment from <see cref="At"/> on (a transfer or conference can change it mid-segment).</summary>
public sealed record FarEndChange(DateTimeOffset At, string Address);
