namespace CorrelationHub.Media.Rtp;

public enum PayloadKind
{
    /// <summary>A codec we decode (G.711, G.722, G.729 with libbcg729, Opus).</summary>
    Audio,

    /// <summary>RFC 4733 DTMF: counted, never decoded.</summary>
    TelephoneEvent,

    /// <summary>RFC 3389 comfort noise (PT 13; Cisco also uses 19): silence on the timeline.</summary>
    ComfortNoise,

    /// <summary>Negotiated but not decodable here (iLBC, AMR, G.729 without libbcg729 ...): counted as a codec mismatch.</summary>
    Undecodable,
}
