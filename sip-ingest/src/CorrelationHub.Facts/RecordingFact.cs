namespace CorrelationHub.Facts;

/// <summary>
/// One fact about a recording, handed from the SIP ingest to the backend. A recording is one recorded call
/// (CUCM: same x-refci and agent extension; SIPREC: one recording session); it has segments split by hold.
/// Optional members grow as the ingest learns more; consumers ignore what they do not know.
/// </summary>
public sealed record RecordingFact
{
    public required RecordingFactKind Kind { get; init; }

    public required string RecordingId { get; init; }

    /// <summary>1-based segment number within the recording.</summary>
    public required int SegmentIndex { get; init; }

    /// <summary>When it happened, on the recorder's clock (UTC).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary><c>cucm-bib</c> (CUCM or CUBE media-proxy recording legs with x-parameters) or <c>siprec</c>.</summary>
    public required string Source { get; init; }

    public string? AgentExtension { get; init; }

    public string? FarEndAddress { get; init; }

    public string? RefCi { get; init; }

    public string? XSessionId { get; init; }

    public string? NearEndDevice { get; init; }

    public IReadOnlyList<string> CallIds { get; init; } = [];

    /// <summary>RFC 7989 Session-ID header values of the legs.</summary>
    public IReadOnlyList<string> SessionIds { get; init; } = [];

    public IReadOnlyList<string> CiscoGuids { get; init; } = [];

    /// <summary>Segment start on the recorder's clock (position 0 of the audio file).</summary>
    public DateTimeOffset? SegmentStart { get; init; }

    public DateTimeOffset? SegmentEnd { get; init; }

    /// <summary>Path of the finished audio file, relative to <c>Recording:Directory</c>, with '/' separators.</summary>
    public string? AudioFile { get; init; }

    public double? AudioSeconds { get; init; }

    /// <summary>
    /// <c>bye</c>, <c>no-ack</c>, <c>session-expired</c>, <c>rtp-timeout</c>, <c>codec-failure</c>, <c>shutdown</c>, ...
    /// followed by the Reason header in parentheses when the client sent one.
    /// </summary>
    public string? EndReason { get; init; }

    /// <summary>
    /// Problems worth an alarm: <c>codec-mismatch</c>, <c>codec-failure</c> (CUCM cause 47), <c>no-answer</c> (ACK
    /// without SDP), <c>no-audio</c>, <c>one-leg-missing</c>, <c>mixed</c> (one mixed stream), <c>metadata-invalid</c>.
    /// </summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public IReadOnlyList<TrackQuality> Tracks { get; init; } = [];

    /// <summary>The Q.850 cause of the client's BYE (16 normal clearing, 47 codec failure on CUCM recording legs).</summary>
    public int? EndCause { get; init; }

    public string? NearEndClusterId { get; init; }

    public string? FarEndDevice { get; init; }

    public string? FarEndRefCi { get; init; }

    /// <summary><c>x-farendguid</c>: the Cisco-Gucid of the ingress gateway call (network-based recording).</summary>
    public string? FarEndGuid { get; init; }

    /// <summary>SIPREC: every participant of the metadata, with its role, number and channel.</summary>
    public IReadOnlyList<RecordingParticipant> Participants { get; init; } = [];

    /// <summary>
    /// Vendor correlation ids: from the metadata (Avaya UCID, Sonus gcid/callid, BroadWorks ids, Genesys UUID) and from
    /// headers (<c>X-Genesys-CallUUID</c>, <c>X-AUDC-Call-ID</c>, <c>User-to-User</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> VendorIds { get; init; } = new Dictionary<string, string>();

    /// <summary>SIPREC: the communication session's Session-ID pair (<c>sipSessionID</c>); CUBE ends its local part with the CUCM CI.</summary>
    public IReadOnlyList<string> SiprecSessionIds { get; init; } = [];

    /// <summary>SIPREC: which evidence chose the agent (<c>extension-length</c>, <c>anchor-is-customer</c>, ...).</summary>
    public string? AgentRule { get; init; }

    /// <summary>SIPREC: the metadata XML as received (initial, update or final), kept as audit evidence (docs/interop.md MD-4).</summary>
    public string? RawMetadata { get; init; }

    /// <summary>The signalling peer (IP address) the recording came from: the CUCM node, CUBE or SBC.</summary>
    public string? SignallingPeer { get; init; }

    /// <summary>Far-end changes a client reported with their times (a recorder that sees transfers in its own signalling).</summary>
    public IReadOnlyList<RecordingFarEndChange> FarEndChanges { get; init; } = [];
}
