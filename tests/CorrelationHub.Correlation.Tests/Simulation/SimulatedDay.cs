using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Tests.Simulation;

/// <summary>A simulated day: the engine's input and, for every segment, the dialog it truly belongs to (null when no gadget reported that dialog).</summary>
public sealed record SimulatedDay(CorrelationInput Input, IReadOnlyDictionary<(string RecordingId, int Segment), string?> Truth);
