namespace CorrelationHub.Facts;

/// <summary>The far end of a recording changed at a moment (a transfer), as a client reported it.</summary>
public sealed record RecordingFarEndChange(DateTimeOffset At, string Address);
