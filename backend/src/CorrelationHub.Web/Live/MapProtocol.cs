namespace CorrelationHub.Web.Live;

// The /hubs/map protocol (docs/contracts.md §6). A reader calls Subscribe() and gets a MapSnapshot at version V; the
// server then pushes Delta messages whose From is the version the reader holds and To the new one, so a reader that
// sees From != its version (a lost message, a reconnect, a restart: a new Epoch) calls Subscribe() again. Tick
// (every few seconds) carries the version the server last sent this reader and its clock, so a quiet feed is told
// apart from a dead one. Every row is whole (upsert by key); Removed lists what left the reader's view.

/// <summary>The answer to <c>Subscribe()</c>: everything the reader may see, at <see cref="Version"/>.</summary>
public sealed record MapSnapshot(
    int Protocol,
    string Epoch,
    long Version,
    string ServerTime,
    MapSettings Settings,
    MapScopeView Scope,
    IReadOnlyList<LiveAgent> Agents,
    IReadOnlyList<LiveSegment> Unmatched);

/// <summary>Changes since <see cref="From"/>, for one reader (already limited to its teams).</summary>
public sealed record MapDelta(
    string Epoch,
    long From,
    long To,
    string ServerTime,
    IReadOnlyList<LiveAgent> Agents,
    IReadOnlyList<string> Removed,
    IReadOnlyList<LiveSegment> Unmatched,
    IReadOnlyList<string> UnmatchedRemoved);

/// <summary>The feed is alive: the last version sent to this reader, and the server's clock.</summary>
public sealed record MapTick(string Epoch, long Version, string ServerTime);

/// <summary>Periods the page needs to judge what it shows (quiet gadgets, recent recordings).</summary>
public sealed record MapSettings(int HeartbeatSeconds, int QuietAfterSeconds, int SessionTimeoutSeconds, int RecentMinutes, int MaxUnmatched);

/// <summary>Which teams the reader sees (<see cref="Security.TeamScope"/>).</summary>
public sealed record MapScopeView(bool All, IReadOnlyList<string> Teams);

/// <summary>A signed-in agent as the map shows it, with its current dialogs and recent recording segments.</summary>
public sealed record LiveAgent(
    string Username,
    string? FirstName,
    string? LastName,
    string? Extension,
    string? TeamId,
    string? TeamName,
    string? State,
    string? ReasonCodeId,
    string? StateSince,
    string? LoginAt,
    string LastSeen,
    string? ChangedAt,
    IReadOnlyList<LiveDialog> Dialogs,
    IReadOnlyList<LiveSegment> Segments);

/// <summary>A dialog in the agent's list. <see cref="AgentState"/> is the agent participant's (ACTIVE, HELD, WRAP_UP...).</summary>
public sealed record LiveDialog(string DialogId, string? CallType, string? FromAddress, string? ToAddress, string? State, string? AgentState, string? Start, string FirstSeen);

/// <summary>
/// A recording segment: its best link (<see cref="Status"/>, <see cref="DialogId"/>, <see cref="Confidence"/>), every
/// candidate dialog when ambiguous, and its alarms (<see cref="Flags"/>; for a live segment, the live media alarms).
/// <see cref="ChangedAt"/> is set on segments of the unmatched list in a delta.
/// </summary>
public sealed record LiveSegment(
    string Key,
    string RecordingId,
    int SegmentIndex,
    string? Extension,
    string? FarEndAddress,
    string Start,
    string? End,
    double? Seconds,
    bool HasAudio,
    string Status,
    string? DialogId,
    IReadOnlyList<string> Candidates,
    double? Confidence,
    IReadOnlyList<string> Flags,
    string? Username,
    string? TeamId,
    string? TeamName,
    string? ChangedAt = null);
