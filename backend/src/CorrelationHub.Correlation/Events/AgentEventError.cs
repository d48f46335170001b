namespace CorrelationHub.Correlation.Events;

/// <summary>Why an event was refused: the JSON path of the offending field and what is wrong with it.</summary>
public sealed record AgentEventError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
