using System.Globalization;

namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// The recorder's side of offer/answer (RFC 3264): the offer it puts in a 200 OK to a delayed-offer INVITE, and
/// its answer to an early offer. The recorder only receives, so every stream it takes is <c>recvonly</c>.
/// </summary>
public static partial class RecorderSdp
{
    /// <summary>Codecs the recorder decodes, in preference order, with their static payload types.</summary>
    public static IReadOnlyList<RtpMap> Decodable { get; } = [new RtpMap(0, "PCMU", 8000), new RtpMap(8, "PCMA", 8000), new RtpMap(9, "G722", 8000)];

    public const int TelephoneEventPayloadType = 101;

    public static bool IsDecodable(RtpMap map) => Decodable.Any(d => d.Encoding.Equals(map.Encoding, StringComparison.OrdinalIgnoreCase) && d.ClockRate == map.ClockRate);

    public static bool IsTelephoneEvent(RtpMap map) => map.Encoding.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    public static bool IsComfortNoise(RtpMap map) => map.Encoding.Equals("CN", StringComparison.OrdinalIgnoreCase);

    /// <summary>The offer for a delayed-offer INVITE (CUCM Built-in-Bridge): one recvonly audio stream.</summary>
    public static SdpSession CreateOffer(string address, int port, string sessionId, ulong version, bool srtp = false)
    {
        var session = NewSession(address, sessionId, version);
        var media = new SdpMedia { Media = "audio", Port = port, Protocol = "RTP/AVP" };
        foreach (var map in Decodable)
        {
            media.Formats.Add(map.PayloadType.ToString(CultureInfo.InvariantCulture));
        }

        media.Formats.Add(TelephoneEventPayloadType.ToString(CultureInfo.InvariantCulture));
        foreach (var map in Decodable)
        {
            media.Attributes.Add(new SdpAttribute("rtpmap", map.ToAttributeValue()));
        }

        media.Attributes.Add(new SdpAttribute("rtpmap", $"{TelephoneEventPayloadType} telephone-event/8000"));
        media.Attributes.Add(new SdpAttribute("fmtp", $"{TelephoneEventPayloadType} 0-15"));
        media.Attributes.Add(new SdpAttribute("ptime", "20"));
        media.Attributes.Add(new SdpAttribute("recvonly", null));
        if (srtp)
        {
            AddOfferCrypto(media);
        }

        session.Media.Add(media);
        return session;
    }

    /// <summary>The payload types our own delayed offer declares (used until the ACK's answer arrives).</summary>
    public static IReadOnlyDictionary<int, RtpMap> OfferedPayloads()
    {
        var map = Decodable.ToDictionary(m => m.PayloadType);
        map[TelephoneEventPayloadType] = new RtpMap(TelephoneEventPayloadType, "telephone-event", 8000);
        return map;
    }

    /// <summary>What an SDP says a sender will use on one m-line, by payload type.</summary>
    public static IReadOnlyDictionary<int, RtpMap> PayloadsOf(SdpMedia media) => media.PayloadMaps().GroupBy(m => m.PayloadType).ToDictionary(g => g.Key, g => g.First());

    /// <summary>
    /// Answers an early offer. Every offered m-line gets an answer line in the same order (RFC 3264 §6); a stream the
    /// recorder can take gets its port from <paramref name="allocatePort"/>, others are declined with port 0.
    /// </summary>
    public static SdpAnswer Answer(SdpSession offer, string address, string sessionId, ulong version, Func<int, int?> allocatePort)
    {
        var answer = NewSession(address, sessionId, version);
        var accepted = new List<AcceptedStream>();
        for (var index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            var line = new SdpMedia { Media = offered.Media, Protocol = offered.Protocol };
            var payloads = offered.PayloadMaps();
            var codec = payloads.FirstOrDefault(IsDecodable);
            var usable = offered.Media.Equals("audio", StringComparison.OrdinalIgnoreCase) && offered.Port != 0 && codec is not null && IsAcceptableTransport(offered);
            int? port = usable ? allocatePort(index) : null;
            if (port is null)
            {
                line.Port = 0;
                line.Formats.AddRange(offered.Formats.Take(1));
                answer.Media.Add(line);
                continue;
            }

            line.Port = port.Value;
            var chosen = new List<RtpMap> { codec! };
            chosen.AddRange(payloads.Where(IsTelephoneEvent).Take(1));
            foreach (var map in chosen)
            {
                line.Formats.Add(map.PayloadType.ToString(CultureInfo.InvariantCulture));
                line.Attributes.Add(new SdpAttribute("rtpmap", map.ToAttributeValue()));
            }

            AddAnswerCrypto(offered, line);

            if (offered.Label is { } label)
            {
                line.Attributes.Add(new SdpAttribute("label", label));
            }

            var direction = offer.EffectiveDirection(offered) == SdpDirection.Inactive ? SdpDirection.Inactive : SdpDirection.RecvOnly;
            line.Attributes.Add(new SdpAttribute(direction.ToAttribute(), null));
            answer.Media.Add(line);
            accepted.Add(new AcceptedStream(index, port.Value, chosen.ToDictionary(m => m.PayloadType), offered.Label));
        }

        return new SdpAnswer(answer, accepted);
    }

    private static SdpSession NewSession(string address, string sessionId, ulong version)
    {
        var type = address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
        return new SdpSession
        {
            OriginUser = "CorrelationHub",
            SessionId = sessionId,
            SessionVersion = version,
            OriginAddressType = type,
            OriginAddress = address,
            SessionName = "CorrelationHub recording",
            ConnectionAddressType = type,
            ConnectionAddress = address,
        };
    }
}

/// <summary>An answer and the streams it accepted (m-line index, our port, payload types the sender will use).</summary>
public sealed record SdpAnswer(SdpSession Session, IReadOnlyList<AcceptedStream> Accepted);

public sealed record AcceptedStream(int MediaIndex, int Port, IReadOnlyDictionary<int, RtpMap> Payloads, string? Label);
