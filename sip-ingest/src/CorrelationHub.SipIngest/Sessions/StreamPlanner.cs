using System.Net;
using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>Which m-lines of a recording INVITE are recorded, on which channel, and the SDP that says so.</summary>
internal sealed class StreamPlanner(MediaStreamFactory media, MediaOptions mediaOptions, SipOptions sip)
{
    private readonly RecorderCodecs _codecs = IngestCodecs.Resolve(mediaOptions).Codecs;

    /// <summary>What this recorder offers and accepts (<c>Media:Codecs</c>, less what it cannot decode here).</summary>
    public RecorderCodecs Codecs => _codecs;

    /// <summary>A stereo file has two channels: at most two streams per recording dialog.</summary>
    private const int MaxStreams = 2;

    /// <summary>Opens the streams and writes our SDP: an answer to the INVITE's offer, or our offer when it had none.</summary>
    public StreamPlan Plan(InviteContext context, CucmRecordingLeg? cucm, bool siprec, RecordingMetadata? metadata, string sdpSessionId) =>
        context.Offer is null
            ? PlanOffer(context, cucm, siprec, metadata, sdpSessionId)
            : PlanAnswer(context, cucm, siprec, metadata, sdpSessionId);

    /// <summary>
    /// Early offer (CUBE, SBCs, CUCM through CUBE's media proxy): the first two decodable audio m-lines are recorded,
    /// the rest answered with port 0; the answer keeps the m-line count and order and echoes the labels (docs/interop.md SD-1..SD-3).
    /// </summary>
    private StreamPlan PlanAnswer(InviteContext context, CucmRecordingLeg? cucm, bool siprec, RecordingMetadata? metadata, string sdpSessionId)
    {
        var offer = context.Offer!;
        var candidates = new List<int>();
        for (var i = 0; i < offer.Media.Count && candidates.Count < (cucm is null ? MaxStreams : 1); i++)
        {
            var media = offer.Media[i];
            if (media.Media.Equals("audio", StringComparison.OrdinalIgnoreCase) && media.Port != 0 && media.PayloadMaps().Any(_codecs.Accepts))
            {
                candidates.Add(i);
            }
        }

        SiprecRoleAssignment? roles = null;
        IReadOnlyList<int> channels;
        if (cucm is not null)
        {
            channels = [CucmChannel(cucm)];
        }
        else if (siprec)
        {
            roles = SiprecRoles.Assign(metadata, [.. candidates.Select(i => offer.Media[i].Label)], sip.Siprec.AgentRule, sip.Siprec.MaxExtensionDigits);
            channels = roles.Channels;
        }
        else
        {
            channels = [.. candidates.Select((_, n) => Math.Min(n, 1))];
        }

        var bind = BindAddress(context);
        var opened = new Dictionary<int, LegStream>();
        var exhausted = false;
        var answer = RecorderSdp.Answer(offer, context.AdvertisedAddress, sdpSessionId, 1, index =>
        {
            var position = candidates.IndexOf(index);
            if (position < 0)
            {
                return null;
            }

            var receiver = media.Open(bind, channels[position], RecorderSdp.PayloadsOf(offer.Media[index]));
            if (receiver is null)
            {
                exhausted = true;
                return null;
            }

            opened[index] = new LegStream(index, offer.Media[index].Label, receiver);
            return receiver.Port;
        }, _codecs);

        if (answer.Accepted.Count == 0)
        {
            foreach (var stream in opened.Values)
            {
                stream.Receiver.Dispose();
            }

            // RFC 3261 §21.4.26 with Warning 305 "Incompatible media format"; 503 when the ports ran out.
            return new StreamPlan([], string.Empty, roles, exhausted ? Full() : new InviteRejected(488, "Not Acceptable Here", "305 CorrelationHub \"no decodable audio stream offered\""));
        }

        var streams = new List<LegStream>();
        foreach (var accepted in answer.Accepted)
        {
            var stream = opened[accepted.MediaIndex];
            stream.Receiver.UpdatePayloads(accepted.Payloads);
            stream.Receiver.UseSenderCrypto(RecorderSdp.ChooseCrypto(offer.Media[accepted.MediaIndex]));
            stream.Receiver.SetInactive(accepted.Direction == SdpDirection.Inactive);
            stream.Direction = accepted.Direction;
            streams.Add(stream);
        }

        // RFC 5576: where the client declares each line's SSRC, check that RTP comes on the line it was declared for.
        foreach (var stream in streams)
        {
            var own = offer.Media[stream.MediaIndex].DeclaredSsrcs().Select(d => d.Ssrc).ToHashSet();
            var others = streams.Where(o => o != stream).SelectMany(o => offer.Media[o.MediaIndex].DeclaredSsrcs().Select(d => d.Ssrc)).Where(s => !own.Contains(s)).ToHashSet();
            if (others.Count > 0)
            {
                stream.Receiver.DeclareSsrcs(own, others);
            }
        }

        return new StreamPlan(streams, SdpWriter.Write(answer.Session), roles, null);
    }

    /// <summary>
    /// Delayed offer (CUCM Built-in-Bridge, or a SIPREC INVITE without SDP): we offer recvonly with every codec we
    /// decode (docs/interop.md SD-6); one m-line for a CUCM leg, one per metadata stream (at most two) for SIPREC.
    /// </summary>
    private StreamPlan PlanOffer(InviteContext context, CucmRecordingLeg? cucm, bool siprec, RecordingMetadata? metadata, string sdpSessionId)
    {
        List<string?> labels;
        SiprecRoleAssignment? roles = null;
        IReadOnlyList<int> channels;
        if (siprec)
        {
            labels = [.. (metadata?.Streams.Select(s => s.Label).Where(l => l is not null).Distinct() ?? []).Take(MaxStreams)];
            if (labels.Count == 0)
            {
                labels = [null, null];
            }

            roles = SiprecRoles.Assign(metadata, labels, sip.Siprec.AgentRule, sip.Siprec.MaxExtensionDigits);
            channels = roles.Channels;
        }
        else
        {
            labels = [null];
            channels = [CucmChannel(cucm)];
        }

        var bind = BindAddress(context);
        var streams = new List<LegStream>();
        for (var i = 0; i < labels.Count; i++)
        {
            // The sender's key, if any, is in the ACK's answer: hold its packets until then (RFC 4568 §7.1).
            var receiver = media.Open(bind, channels[i], RecorderSdp.OfferedPayloads(_codecs), awaitAnswer: true);
            if (receiver is null)
            {
                foreach (var stream in streams)
                {
                    stream.Receiver.Dispose();
                }

                return new StreamPlan([], string.Empty, roles, Full());
            }

            streams.Add(new LegStream(i, labels[i], receiver));
        }

        var offer = RecorderSdp.CreateOffer(context.AdvertisedAddress, [.. streams.Select(s => new OfferedStream(s.Receiver.Port, s.Label) { Secure = mediaOptions.SrtpOffer })], sdpSessionId, 1, _codecs);
        return new StreamPlan(streams, SdpWriter.Write(offer), roles, null);
    }

    private static int CucmChannel(CucmRecordingLeg? cucm) => cucm?.Direction == CucmLegDirection.FarEnd ? 1 : 0;

    private IPAddress BindAddress(InviteContext context)
    {
        if (!string.IsNullOrEmpty(mediaOptions.ListenAddress) && IPAddress.TryParse(mediaOptions.ListenAddress, out var configured))
        {
            return configured;
        }

        return IPAddress.TryParse(sip.ListenAddress, out var listen) ? listen : context.Peer.Local.Address;
    }

    private InviteRejected Full() => new(503, "Service Unavailable", "399 CorrelationHub \"RTP ports exhausted\"", sip.RetryAfterSeconds);
}
