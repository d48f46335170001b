namespace CorrelationHub.Correlation.Events;

/// <summary>One Finesse dialog participant as the gadget saw it. Times are Finesse server time.</summary>
public sealed record ParticipantSnapshot(
    string? MediaAddress,
    string? MediaAddressType,
    string? State,
    string? StateCause,
    DateTimeOffset? StartTime,
    DateTimeOffset? StateChangeTime);
