using CorrelationHub.Correlation.Events;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>A gadget event as stored (its fact id), waiting to be applied to derived state.</summary>
public sealed record StoredEvent(long Id, AgentEvent Event, DateTimeOffset Received, DateTimeOffset EventTime);
