namespace CorrelationHub.Correlation.Model;

/// <summary>Everything the engine needs for a set of segments; <see cref="Now"/> is where open intervals end.</summary>
public sealed record CorrelationInput(
    IReadOnlyList<SegmentFacts> Segments,
    IReadOnlyList<DialogLeg> Legs,
    IReadOnlyList<AgentSession> Sessions,
    DateTimeOffset Now);
