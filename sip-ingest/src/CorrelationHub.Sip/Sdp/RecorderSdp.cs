using System.Globalization;

namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// The recorder's side of offer/answer (RFC 3264): the offer it puts in a 200 OK to a delayed-offer INVITE, and
/// its answer to an early offer or a re-offer. The recorder only receives, so every stream it takes is
/// <c>recvonly</c>, or <c>inactive</c> when the offer holds it (docs/interop.md SD-1..SD-3, SD-5, SD-6).
/// </summary>
public static partial class RecorderSdp
{
    public const int TelephoneEventPayloadType = 101;

    public static bool IsTelephoneEvent(RtpMap map) => map.Encoding.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    public static bool IsComfortNoise(RtpMap map) => map.Encoding.Equals("CN", StringComparison.OrdinalIgnoreCase);

    /// <summary>The offer for a delayed-offer INVITE (CUCM Built-in-Bridge): one recvonly audio stream.</summary>
    public static SdpSession CreateOffer(string address, int port, string sessionId, ulong version, bool srtp = false) =>
        CreateOffer(address, [new OfferedStream(port, null) { Secure = srtp }], sessionId, version);

    /// <summary>
    /// An offer of one recvonly audio m-line per stream, each labelled when a label is given (a SIPREC INVITE without
    /// SDP, RFC 7866 §7.2): every codec we decode plus telephone-event, so the sender never needs a transcoder.
    /// </summary>
    public static SdpSession CreateOffer(string address, IReadOnlyList<OfferedStream> streams, string sessionId, ulong version, RecorderCodecs? codecs = null)
    {
        codecs ??= RecorderCodecs.Default;
        var session = NewSession(address, sessionId, version);
        foreach (var stream in streams)
        {
            var media = new SdpMedia { Media = "audio", Port = stream.Port, Protocol = "RTP/AVP" };
            foreach (var map in codecs.Maps)
            {
                media.Formats.Add(map.PayloadType.ToString(CultureInfo.InvariantCulture));
            }

            media.Formats.Add(TelephoneEventPayloadType.ToString(CultureInfo.InvariantCulture));
            foreach (var map in codecs.Maps)
            {
                media.Attributes.Add(new SdpAttribute("rtpmap", map.ToAttributeValue()));
                if (codecs.FmtpOf(map) is { } fmtp)
                {
                    media.Attributes.Add(new SdpAttribute("fmtp", $"{map.PayloadType.ToString(CultureInfo.InvariantCulture)} {fmtp}"));
                }
            }

            media.Attributes.Add(new SdpAttribute("rtpmap", $"{TelephoneEventPayloadType} telephone-event/8000"));
            media.Attributes.Add(new SdpAttribute("fmtp", $"{TelephoneEventPayloadType} 0-15"));
            media.Attributes.Add(new SdpAttribute("ptime", "20"));
            if (stream.Label is not null)
            {
                media.Attributes.Add(new SdpAttribute("label", stream.Label));
            }

            media.Attributes.Add(new SdpAttribute(stream.Direction.ToAttribute(), null));
            if (stream.Secure)
            {
                AddOfferCrypto(media);
            }

            session.Media.Add(media);
        }

        return session;
    }

    /// <summary>The payload types our own delayed offer declares (used until the ACK's answer arrives).</summary>
    public static IReadOnlyDictionary<int, RtpMap> OfferedPayloads(RecorderCodecs? codecs = null)
    {
        var map = (codecs ?? RecorderCodecs.Default).Maps.ToDictionary(m => m.PayloadType);
        map[TelephoneEventPayloadType] = new RtpMap(TelephoneEventPayloadType, "telephone-event", 8000);
        return map;
    }

    /// <summary>What an SDP says a sender will use on one m-line, by payload type.</summary>
    public static IReadOnlyDictionary<int, RtpMap> PayloadsOf(SdpMedia media) => media.PayloadMaps().GroupBy(m => m.PayloadType).ToDictionary(g => g.Key, g => g.First());

    /// <summary>
    /// RFC 3264 §6.1 direction of our answer line: <c>sendonly</c>, <c>sendrecv</c> or none → <c>recvonly</c>;
    /// <c>inactive</c> (hold) → <c>inactive</c>; <c>recvonly</c> (the SRC wants to receive, which a recorder never
    /// sends) → <c>inactive</c>.
    /// </summary>
    public static SdpDirection AnswerDirection(SdpDirection offered) => offered switch
    {
        SdpDirection.Inactive or SdpDirection.RecvOnly => SdpDirection.Inactive,
        _ => SdpDirection.RecvOnly,
    };

    /// <summary>
    /// Answers an offer (initial or a re-offer). Every offered m-line gets an answer line in the same order
    /// (RFC 3264 §6); a stream the recorder takes gets the port <paramref name="allocatePort"/> returns for its index,
    /// others are declined with port 0 (port-0 offers, video, no decodable codec, secure without the crypto side,
    /// no channel left). Labels are echoed exactly as offered (OpenSIPS drops streams whose label changes).
    /// </summary>
    public static SdpAnswer Answer(SdpSession offer, string address, string sessionId, ulong version, Func<int, int?> allocatePort, RecorderCodecs? codecs = null)
    {
        codecs ??= RecorderCodecs.Default;
        var answer = NewSession(address, sessionId, version);
        var accepted = new List<AcceptedStream>();
        var declined = new List<DeclinedStream>();
        for (var index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            var line = new SdpMedia { Media = offered.Media, Protocol = offered.Protocol };
            var payloads = offered.PayloadMaps();
            var codec = codecs.Choose(payloads);
            var reason = DeclineReason(offered, codec);
            if (reason is null && offered.IsSecure)
            {
                // SDES (RFC 4568, RecorderSdp.Crypto.cs): RTP/SAVP with a crypto line we can use gets one answer line.
                if (IsAcceptableTransport(offered))
                {
                    AddAnswerCrypto(offered, line);
                }
                else
                {
                    reason = "secure media without a usable crypto suite";
                }
            }

            int? port = reason is null ? allocatePort(index) : null;
            if (port is null)
            {
                line.Attributes.Clear();
                line.Port = 0;
                line.Formats.AddRange(offered.Formats.Take(1));
                answer.Media.Add(line);
                declined.Add(new DeclinedStream(index, reason ?? "no channel or port"));
                continue;
            }

            line.Port = port.Value;
            var chosen = new List<RtpMap> { codec! };
            chosen.AddRange(payloads.Where(IsTelephoneEvent).Take(1));
            var cryptoLines = line.Attributes.ToList();
            line.Attributes.Clear();
            foreach (var map in chosen)
            {
                line.Formats.Add(map.PayloadType.ToString(CultureInfo.InvariantCulture));
                line.Attributes.Add(new SdpAttribute("rtpmap", map.ToAttributeValue()));
            }

            line.Attributes.AddRange(cryptoLines);
            if (offered.Label is { } label)
            {
                line.Attributes.Add(new SdpAttribute("label", label));
            }

            var direction = AnswerDirection(offer.EffectiveDirection(offered));
            line.Attributes.Add(new SdpAttribute(direction.ToAttribute(), null));
            answer.Media.Add(line);
            accepted.Add(new AcceptedStream(index, port.Value, chosen.ToDictionary(m => m.PayloadType), offered.Label) { Direction = direction });
        }

        return new SdpAnswer(answer, accepted) { Declined = declined };
    }

    /// <summary>
    /// Serialises <paramref name="session"/> keeping the origin version when nothing else changed since
    /// <paramref name="previous"/>, and raising it by one otherwise (RFC 3264 §8, docs/interop.md SD-8/SD-9).
    /// </summary>
    public static string WriteVersioned(SdpSession session, string? previous, ulong previousVersion, out ulong version)
    {
        session.SessionVersion = previousVersion;
        var text = SdpWriter.Write(session);
        if (previous is null || string.Equals(text, previous, StringComparison.Ordinal))
        {
            version = previousVersion;
            return text;
        }

        version = previousVersion + 1;
        session.SessionVersion = version;
        return SdpWriter.Write(session);
    }

    private static string? DeclineReason(SdpMedia offered, RtpMap? codec)
    {
        if (offered.Port == 0)
        {
            return "port 0 in offer";
        }

        if (!offered.Media.Equals("audio", StringComparison.OrdinalIgnoreCase))
        {
            return offered.Media.ToLowerInvariant() + " not recorded";
        }

        return codec is null ? "no decodable codec" : null;
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

/// <summary>An answer, the streams it accepted and those it declined.</summary>
public sealed record SdpAnswer(SdpSession Session, IReadOnlyList<AcceptedStream> Accepted)
{
    public IReadOnlyList<DeclinedStream> Declined { get; init; } = [];
}

/// <summary>An accepted m-line: its index in the offer, our port, the payload types the sender will use, its label and our direction.</summary>
public sealed record AcceptedStream(int MediaIndex, int Port, IReadOnlyDictionary<int, RtpMap> Payloads, string? Label)
{
    public SdpDirection Direction { get; init; } = SdpDirection.RecvOnly;
}

/// <summary>An m-line answered with port 0, and why.</summary>
public sealed record DeclinedStream(int MediaIndex, string Reason);

/// <summary>One m-line of a recorder offer: our port, an optional label, our direction, and whether to offer SRTP.</summary>
public sealed record OfferedStream(int Port, string? Label)
{
    public SdpDirection Direction { get; init; } = SdpDirection.RecvOnly;

    /// <summary>Offer RTP/SAVP with our SDES crypto lines (<c>Media:SrtpOffer</c>).</summary>
    public bool Secure { get; init; }
}
