using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Timeline;

/// <summary>One participant state to store: who, in which state, since when (Finesse server time).</summary>
public sealed record ParticipantState(string Address, string? AddressType, string State, DateTimeOffset At, DateTimeOffset? StartTime);

/// <summary>
/// What one dialog event contributes to stored dialog state: the dialog's properties (as of
/// <see cref="SnapshotTime"/>, so the newest snapshot wins whatever the arrival order), the agent's leg, the
/// participant states, and exact keys from configured media properties.
/// </summary>
public sealed record DialogProjection
{
    public required string DialogId { get; init; }

    public required string Username { get; init; }

    /// <summary>The reporting agent's extension (the leg); null when neither the event nor the participants say.</summary>
    public string? Extension { get; init; }

    /// <summary>The agent participant's media address (normally the extension).</summary>
    public string? AgentAddress { get; init; }

    public string? MediaType { get; init; }

    public string? State { get; init; }

    public string? CallType { get; init; }

    public string? FromAddress { get; init; }

    public string? ToAddress { get; init; }

    public string? DialedNumber { get; init; }

    public string? Dnis { get; init; }

    public string? QueueName { get; init; }

    public string? QueueNumber { get; init; }

    /// <summary>UCCE RouterCallKeyDay-CallId-SequenceNum, when all three are there.</summary>
    public string? CallKey { get; init; }

    /// <summary>Call variables and ECC variables (name → value) as a JSON object, or null when none.</summary>
    public string? CallVariablesJson { get; init; }

    public string? SecondaryId { get; init; }

    public string? AssociatedDialogId { get; init; }

    /// <summary>Newest Finesse time in the snapshot (or the event time): orders snapshots of one dialog.</summary>
    public required DateTimeOffset SnapshotTime { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    public bool Removed { get; init; }

    public IReadOnlyList<ParticipantState> Participants { get; init; } = [];

    public IReadOnlyList<ExactKey> Keys { get; init; } = [];

    public static DialogProjection Of(AgentEvent agentEvent, DateTimeOffset eventTime, IReadOnlyDictionary<string, string> keyVariables)
    {
        var dialog = agentEvent.Dialog ?? throw new ArgumentException("not a dialog event", nameof(agentEvent));
        var agent = AgentParticipant(dialog, agentEvent.Extension);
        var participants = new List<ParticipantState>();
        foreach (var p in dialog.Participants)
        {
            if (p.MediaAddress is null || p.State is null)
            {
                continue;
            }

            participants.Add(new ParticipantState(p.MediaAddress, p.MediaAddressType, p.State, p.StateChangeTime ?? p.StartTime ?? eventTime, p.StartTime));
        }

        var snapshotTime = participants.Count > 0 ? participants.Max(p => p.At) : eventTime;
        var media = dialog.MediaProperties;
        string? Media(string name) => media.GetValueOrDefault(name) is { Length: > 0 } v ? v : null;
        var callKey = Media("callKeyPrefix") is { } day && Media("callKeyCallId") is { } id
            ? $"{day}-{id}-{Media("callKeySequenceNum") ?? "0"}"
            : null;

        var variables = media.Where(p => p.Value is { Length: > 0 } && (p.Key.StartsWith("callVariable", StringComparison.Ordinal) || p.Key.StartsWith("user.", StringComparison.Ordinal) || p.Key.StartsWith("BA", StringComparison.Ordinal)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var keys = new List<ExactKey>();
        foreach (var (name, kind) in keyVariables)
        {
            if (ExactKeys.Create(kind, Media(name)) is { } key)
            {
                keys.Add(key);
            }
        }

        return new DialogProjection
        {
            DialogId = dialog.Id,
            Username = agentEvent.Username,
            Extension = agentEvent.Extension ?? agent?.MediaAddress,
            AgentAddress = agent?.MediaAddress ?? agentEvent.Extension,
            MediaType = dialog.MediaType,
            State = dialog.State,
            CallType = dialog.CallType,
            FromAddress = dialog.FromAddress,
            ToAddress = dialog.ToAddress,
            DialedNumber = dialog.DialedNumber,
            Dnis = Media("DNIS"),
            QueueName = Media("queueName"),
            QueueNumber = Media("queueNumber"),
            CallKey = callKey,
            CallVariablesJson = variables.Count > 0 ? JsonSerializer.Serialize(variables) : null,
            SecondaryId = dialog.SecondaryId,
            AssociatedDialogId = DialogIdOf(dialog.AssociatedDialogUri),
            SnapshotTime = snapshotTime,
            EventTime = eventTime,
            Removed = agentEvent.Change == "removed",
            Participants = participants,
            Keys = keys,
        };
    }

    /// <summary>The id at the end of a dialog URI (<c>/finesse/api/Dialog/16804377</c>), or the text itself.</summary>
    public static string? DialogIdOf(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return null;
        }

        var trimmed = uri.Trim().TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    /// <summary>The agent's participant: the one whose address is the extension, else the only AGENT_DEVICE.</summary>
    public static ParticipantSnapshot? AgentParticipant(DialogSnapshot dialog, string? extension)
    {
        if (extension is not null && dialog.Participants.FirstOrDefault(p => string.Equals(p.MediaAddress, extension, StringComparison.Ordinal)) is { } exact)
        {
            return exact;
        }

        var devices = dialog.Participants.Where(p => p.MediaAddressType == "AGENT_DEVICE").ToList();
        return devices.Count == 1 ? devices[0] : null;
    }
}
