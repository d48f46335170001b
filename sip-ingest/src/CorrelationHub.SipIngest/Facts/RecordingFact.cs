namespace CorrelationHub.SipIngest.Facts;

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

    /// <summary><c>bye</c>, <c>no-ack</c>, <c>shutdown</c>, ... with the Reason header cause when one was sent.</summary>
    public string? EndReason { get; init; }

    /// <summary>Problems worth an alarm: <c>codec-mismatch</c>, <c>no-audio</c>, <c>one-leg-missing</c>.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public IReadOnlyList<TrackQuality> Tracks { get; init; } = [];
}
