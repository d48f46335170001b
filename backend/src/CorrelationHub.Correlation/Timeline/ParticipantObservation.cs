namespace CorrelationHub.Correlation.Timeline;

/// <summary>A participant seen in <see cref="State"/> since <see cref="At"/> (Finesse server time, or the event time when Finesse gave none).</summary>
public readonly record struct ParticipantObservation(string State, DateTimeOffset At);
