namespace CorrelationHub.Web.Endpoints;

/// <summary>The answer of <c>GET /api/recordings/{id}</c>.</summary>
public sealed record RecordingView(
    string RecordingId,
    string Source,
    string? AgentExtension,
    string? FarEndAddress,
    string? Refci,
    string? XSessionId,
    string? NearEndDevice,
    string? Start,
    string? End,
    RecordingHoldView? LegalHold,
    IEnumerable<RecordingSegmentView> Segments);

/// <summary>The legal hold on a recording, when there is one.</summary>
public sealed record RecordingHoldView(string Reason, string? PlacedBy, string? PlacedAt);

/// <summary>One segment of a recording with its links.</summary>
public sealed record RecordingSegmentView(
    int SegmentIndex,
    string? Start,
    string? End,
    double? Seconds,
    string? Available,
    string? FarEndAddress,
    string? EndReason,
    string[] Flags,
    string? AudioUrl,
    IEnumerable<SegmentLinkView> Links,
    IReadOnlyList<TrackCodecView> Codecs);

/// <summary>The codec a track of a segment was recorded from (channel 0 is the agent, 1 the far end).</summary>
public sealed record TrackCodecView(int Channel, string Codec);

/// <summary>One hold in <c>GET /api/legal-holds</c>.</summary>
public sealed record LegalHoldView(string RecordingId, string Reason, string? PlacedBy, string? PlacedAt);
