namespace CorrelationHub.Persistence.Pipeline;

/// <summary>A span of time on one extension whose segments need the engine to run again.</summary>
public readonly record struct CorrelationWindow(string Extension, long FromMs, long ToMs)
{
    public CorrelationWindow Merge(CorrelationWindow other) => new(Extension, Math.Min(FromMs, other.FromMs), Math.Max(ToMs, other.ToMs));
}
