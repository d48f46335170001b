using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>One accepted recording dialog and the streams it brings into its segment. Mutable state changes under the manager's gate.</summary>
internal sealed class RecordingLeg : IRecordingLegHandle
{
    public RecordingLeg(string callId, RecordingSegment segment, CucmRecordingLeg? cucm, bool isSiprec, IReadOnlyList<LegStream> streams)
    {
        CallId = callId;
        Segment = segment;
        Cucm = cucm;
        IsSiprec = isSiprec;
        Streams = [.. streams];
    }

    public string CallId { get; }

    public string LocalSdp { get; set; } = string.Empty;

    public ulong SdpVersion { get; set; } = 1;

    public string SdpSessionId { get; init; } = "0";

    public string AdvertisedAddress { get; init; } = "127.0.0.1";

    public RecordingSegment Segment { get; }

    /// <summary>The CUCM x-parameters; replaced when an in-dialog UPDATE brings new ones (remote-cluster transfer).</summary>
    public CucmRecordingLeg? Cucm { get; set; }

    public bool IsSiprec { get; }

    /// <summary>True when we offered (delayed offer): the answer comes in the ACK.</summary>
    public bool WeOffered { get; init; }

    public string? SessionIdHeader { get; init; }

    public string? CiscoGuid { get; init; }

    public string? SignallingPeer { get; init; }

    public IReadOnlyDictionary<string, string> HeaderVendorIds { get; init; } = new Dictionary<string, string>();

    public List<LegStream> Streams { get; }

    public bool Acked { get; set; }

    /// <summary>The ACK to our offer came without an answer (CUCM: no common codec; a BYE with cause 47 follows).</summary>
    public bool AnswerMissing { get; set; }

    public bool Ended { get; set; }

    public string? EndReason { get; set; }

    public int? EndCause { get; set; }
}
