using CorrelationHub.Sip.Cucm;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>One recorded call: CUCM legs with the same x-refci and agent, or one SIPREC session. Holds its segments' numbering.</summary>
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

    public string Source { get; }

    public CucmRecordingLeg? Cucm { get; set; }

    public int SegmentCount { get; set; }

    /// <summary>The segment still taking legs (the partner leg of a pair), if any.</summary>
    public RecordingSegment? Open { get; set; }

    public DateTimeOffset LastActivity { get; set; }
}
