namespace CorrelationHub.Web.Live;

/// <summary>One agent on <c>GET /api/agents</c> (docs/contracts.md §4).</summary>
public sealed record AgentView(
    string Username,
    string? FirstName,
    string? LastName,
    string? Extension,
    string? TeamId,
    string? TeamName,
    string? State,
    string? StateChangeTime,
    bool LoggedIn,
    string LastSeen,
    IReadOnlyList<DialogView> Dialogs,
    IReadOnlyList<RecordingView> Recordings);

public sealed record DialogView(string DialogId, string? CallType, string? FromAddress, string? ToAddress, string? State, string? Start);

public sealed record RecordingView(string RecordingId, int SegmentIndex, string Start, string? End, double? Seconds, string Status, string? DialogId, double? Confidence, string? Reason, IReadOnlyList<string> Flags, string AudioUrl);
