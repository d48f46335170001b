namespace CorrelationHub.Simulator.Day;

/// <summary>One agent of the site: Finesse user, team, and how their desktop reaches the backend.</summary>
public sealed record AgentIdentity(
    string Username,
    string FirstName,
    string LastName,
    string TeamId,
    string TeamName,
    string QueueNumber,
    bool UsesHttpFallback,
    long ClockDriftMs)
{
    public string DisplayName => $"{FirstName} {LastName}";
}

/// <summary>Where an agent sits for a while: the extension (DN) and the phone device recording it.</summary>
public sealed record Seat(string Extension, string Device);
