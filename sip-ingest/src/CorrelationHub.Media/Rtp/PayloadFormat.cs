using CorrelationHub.Media.Codecs;

namespace CorrelationHub.Media.Rtp;

/// <summary>What a payload type means on one stream, from the SDP rtpmap or the RFC 3551 static table.</summary>
public sealed record PayloadFormat(int PayloadType, string Encoding, int ClockRate)
{
    /// <summary>Classified once: this is looked at for every packet.</summary>
    public PayloadKind Kind { get; } = Classify(PayloadType, Encoding);

    private static PayloadKind Classify(int payloadType, string encoding) => encoding.ToUpperInvariant() switch
    {
        "TELEPHONE-EVENT" => PayloadKind.TelephoneEvent,
        "CN" => PayloadKind.ComfortNoise,
        _ when payloadType is 13 or 19 => PayloadKind.ComfortNoise,
        _ when AudioDecoders.CanDecode(encoding) => PayloadKind.Audio,
        _ => PayloadKind.Undecodable,
    };
}
