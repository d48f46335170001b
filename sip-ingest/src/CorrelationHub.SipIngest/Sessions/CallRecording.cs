using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// One recorded call: CUCM legs with the same x-refci and agent (segments split by hold), or one SIPREC recording
/// session with its metadata timeline. State changes under the manager's gate.
/// </summary>
internal sealed class CallRecording
{
    public CallRecording(string id, string key, string source, CucmRecordingLeg? cucm)
    {
        Id = id;
        Key = key;
        Source = source;
        Cucm = cucm;
    }

    public string Id { get; }

    public string Key { get; }

    /// <summary><c>cucm-bib</c> or <c>siprec</c>.</summary>
    public string Source { get; }

    public CucmRecordingLeg? Cucm { get; set; }

    /// <summary>SIPREC: the metadata as merged so far (RFC 7866 §9), and how the agent was chosen.</summary>
    public RecordingMetadata? Metadata { get; set; }

    public SiprecRoleAssignment? Roles { get; set; }

    public string? LastRawMetadata { get; set; }

    public bool MetadataInvalid { get; set; }

    public int SegmentCount { get; set; }

    /// <summary>The segment still taking legs (the partner leg of a pair), if any.</summary>
    public RecordingSegment? Open { get; set; }

    /// <summary>
    /// The end fact of the last finished segment: enough to report the recording's end later (<c>Sweep</c>), without
    /// keeping the segment, its receivers and its recorder's buffers alive through the resume window.
    /// </summary>
    public CorrelationHub.Facts.RecordingFact? LastSegmentEnded { get; set; }

    public bool StartPublished { get; set; }

    public bool EndPublished { get; set; }

    public DateTimeOffset LastActivity { get; set; }
}
