using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>The engine's input for a window, and the links currently stored for its segments.</summary>
public sealed record LoadedWindow(CorrelationInput Input, IReadOnlyList<StoredLink> ExistingLinks);
