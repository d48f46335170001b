using CorrelationHub.Media.Codecs;

namespace CorrelationHub.Media.Rtp;

/// <summary>What a payload type means on one stream, from the SDP rtpmap or the RFC 3551 static table.</summary>
public sealed record PayloadFormat(int PayloadType, string Encoding, int ClockRate)
{
    public PayloadKind Kind => Encoding.ToUpperInvariant() switch
    {
        "TELEPHONE-EVENT" => PayloadKind.TelephoneEvent,
        "CN" => PayloadKind.ComfortNoise,
        _ when PayloadType is 13 or 19 => PayloadKind.ComfortNoise,
        _ when AudioDecoders.CanDecode(Encoding) => PayloadKind.Audio,
        _ => PayloadKind.Undecodable,
    };
}
