using System.Text.Json;

namespace CorrelationHub.Web.Endpoints;

/// <summary>The answer of <c>GET /api/dialogs/{id}</c>: the map's call detail.</summary>
public sealed record DialogView(
    string DialogId,
    string? MediaType,
    string? State,
    string? CallType,
    string? FromAddress,
    string? ToAddress,
    string? DialedNumber,
    string? Dnis,
    string? QueueName,
    string? CallKey,
    JsonElement? CallVariables,
    string? SecondaryId,
    string? AssociatedDialogId,
    string? FirstSeen,
    string? LastSeen,
    IEnumerable<DialogLegView> Legs,
    IEnumerable<ParticipantStateView> Participants,
    IEnumerable<DialogSegmentView> Segments);

/// <summary>One agent's leg of a dialog.</summary>
public sealed record DialogLegView(string Extension, string? Username, string? AgentName, string? TeamId, string? TeamName, string? CallType, string? Start, string? End, string? Removed);

/// <summary>A participant's state from a time on, on Finesse's clock.</summary>
public sealed record ParticipantStateView(string MediaAddress, string? MediaAddressType, string State, string? At);

/// <summary>A recording segment linked to the dialog, with all of that segment's links (the evidence).</summary>
public sealed record DialogSegmentView(
    string RecordingId,
    int SegmentIndex,
    string? Refci,
    string? Extension,
    string? FarEndAddress,
    string? Start,
    string? End,
    double? Seconds,
    string? EndReason,
    string[] Flags,
    string? AudioUrl,
    IEnumerable<SegmentLinkView> Links,
    IReadOnlyList<TrackCodecView> Codecs);
