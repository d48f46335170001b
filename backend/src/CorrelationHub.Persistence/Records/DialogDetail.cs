namespace CorrelationHub.Persistence.Records;

/// <summary>One dialog as the call detail shows it: its properties, each agent's leg, every participant state, and the segments linked to it.</summary>
public sealed record DialogDetail
{
    public required string DialogId { get; init; }

    public string? MediaType { get; init; }

    public string? State { get; init; }

    public string? CallType { get; init; }

    public string? FromAddress { get; init; }

    public string? ToAddress { get; init; }

    public string? DialedNumber { get; init; }

    public string? Dnis { get; init; }

    public string? QueueName { get; init; }

    public string? CallKey { get; init; }

    public string? CallVariables { get; init; }

    public string? SecondaryId { get; init; }

    public string? AssociatedDialogId { get; init; }

    public long FirstSeenMs { get; init; }

    public long LastSeenMs { get; init; }

    public IReadOnlyList<DialogLegDetail> Legs { get; init; } = [];

    public IReadOnlyList<ParticipantStateRow> Participants { get; init; } = [];

    public IReadOnlyList<LinkedSegmentDetail> Segments { get; init; } = [];
}

/// <summary>An agent's part in a dialog, with the agent's name and team.</summary>
public sealed record DialogLegDetail
{
    public required string Extension { get; init; }

    public string? Username { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? TeamId { get; init; }

    public string? TeamName { get; init; }

    public string? CallType { get; init; }

    public long? StartMs { get; init; }

    public long? EndMs { get; init; }

    public long? RemovedMs { get; init; }
}

/// <summary>One participant state on Finesse time.</summary>
public sealed record ParticipantStateRow
{
    public required string MediaAddress { get; init; }

    public string? MediaAddressType { get; init; }

    public required string State { get; init; }

    public long StateChangeMs { get; init; }
}

/// <summary>A segment linked (at any rank) to the dialog, with every link of that segment (rivals of an ambiguous one included).</summary>
public sealed record LinkedSegmentDetail
{
    public required SegmentRow Segment { get; init; }

    public string? Refci { get; init; }

    public IReadOnlyList<Pipeline.StoredLink> Links { get; init; } = [];
}
