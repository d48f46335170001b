using CorrelationHub.Sip.Cucm;
using CorrelationHub.SipIngest.MediaHost;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>One accepted recording dialog and the streams it brings into its segment.</summary>
internal sealed class RecordingLeg : IRecordingLegHandle
{
    public RecordingLeg(string callId, string localSdp, RecordingSegment segment, CucmRecordingLeg? cucm, string? sessionIdHeader, string? ciscoGuid, IReadOnlyList<StreamReceiver> streams)
    {
        CallId = callId;
        LocalSdp = localSdp;
        Segment = segment;
        Cucm = cucm;
        SessionIdHeader = sessionIdHeader;
        CiscoGuid = ciscoGuid;
        Streams = streams;
    }

    public string CallId { get; }

    public string LocalSdp { get; }

    public RecordingSegment Segment { get; }

    public CucmRecordingLeg? Cucm { get; }

    public string? SessionIdHeader { get; }

    public string? CiscoGuid { get; }

    public IReadOnlyList<StreamReceiver> Streams { get; }

    public bool Ended { get; set; }
}
