using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>ACKs and in-dialog updates: answers in the ACK, re-offers, session refreshes, CUCM From changes and SIPREC metadata updates.</summary>
public sealed partial class RecordingSessionManager
{
    public void OnAck(IRecordingLegHandle handle, SdpSession? answer, DateTimeOffset at)
    {
        var leg = (RecordingLeg)handle;
        var now = _time.GetTimestamp();
        var published = new List<RecordingFact>();
        lock (_gate)
        {
            var first = !leg.Acked;
            leg.Acked = true;
            foreach (var stream in leg.Streams)
            {
                stream.Receiver.MarkAck(now);
            }

            if (answer is not null)
            {
                // Our offer's answer (RFC 3264 §6): which payload types the sender uses. CUCM adds telephone-event we
                // never offered and may answer RTP/AVP to RTP/SAVP (docs/interop.md SD-7); take what it says.
                foreach (var stream in leg.Streams)
                {
                    if (stream.MediaIndex < answer.Media.Count)
                    {
                        var media = answer.Media[stream.MediaIndex];
                        stream.Receiver.UpdatePayloads(RecorderSdp.PayloadsOf(media));
                        stream.Direction = media.Port == 0 || answer.EffectiveDirection(media) is SdpDirection.Inactive or SdpDirection.RecvOnly ? SdpDirection.Inactive : SdpDirection.RecvOnly;
                        stream.Receiver.SetInactive(stream.Direction == SdpDirection.Inactive);
                    }
                }
            }
            foreach (var stream in leg.Streams)
            {
                // RFC 4568 §7.1: decrypt with the key the sender advertised (delayed offer: in this answer; an RTP/AVP
                // answer to our SRTP offer is CUCM's fallback and means plain RTP). Releases packets held until now.
                var media = answer is not null && stream.MediaIndex < answer.Media.Count ? answer.Media[stream.MediaIndex] : null;
                stream.Receiver.OnAnswer(media is null ? null : RecorderSdp.ChooseCrypto(media));
            }

            if (answer is null && first && leg.WeOffered)
            {
                // CUCM acknowledges without an answer when no codec fits; a BYE with Q.850 cause 47 follows (docs/interop.md T04).
                leg.AnswerMissing = true;
            }

            var segment = leg.Segment;
            var call = segment.Recording;
            if (!call.StartPublished)
            {
                call.StartPublished = true;
                published.Add(RecordingFacts.Of(RecordingFactKind.RecordingStarted, segment, at) with { RawMetadata = call.LastRawMetadata });
            }

            if (!segment.StartPublished)
            {
                segment.StartPublished = true;
                published.Add(RecordingFacts.Of(RecordingFactKind.SegmentStarted, segment, at));
            }
        }

        foreach (var fact in published)
        {
            if (fact.Kind == RecordingFactKind.SegmentStarted)
            {
                // The sidecar beside the .part file lets a restart after a crash report the repaired segment; it is
                // written on the file lane, not while the ACK is handled.
                if (leg.Segment.Recorder is { } recorder)
                {
                    recorder.MarkStarted(fact);
                    _creator.Enqueue(() => recorder.WriteSidecar(fact));
                }
            }

            _facts.Publish(fact);
        }
    }

    public DialogUpdateOutcome OnDialogUpdate(IRecordingLegHandle handle, DialogUpdate update)
    {
        var leg = (RecordingLeg)handle;
        var published = new List<RecordingFact>();
        string? sdp = null;
        lock (_gate)
        {
            var segment = leg.Segment;
            var call = segment.Recording;
            if (leg.Cucm is not null && CucmRecordingLeg.TryRead(update.From, out var newer) && !SameParty(leg.Cucm, newer))
            {
                // CUCM's remote-cluster transfer: same tags, a new x-farendaddr in the From URI (docs/interop.md DL-1, T06).
                leg.Cucm = newer;
                call.Cucm = newer;
                published.Add(RecordingFacts.Of(RecordingFactKind.MetadataChanged, segment, update.At));
            }

            if (update.Metadata is { } metadata && call.Source == "siprec")
            {
                if (metadata.IsOk)
                {
                    call.Metadata = RecordingMetadata.Merge(call.Metadata, metadata.Metadata!);
                    call.LastRawMetadata = update.RawMetadata ?? call.LastRawMetadata;
                    call.Roles = Reassign(call, leg);
                    published.Add(RecordingFacts.Of(RecordingFactKind.MetadataChanged, segment, update.At) with { RawMetadata = call.LastRawMetadata });
                }
                else
                {
                    call.MetadataInvalid = true;
                    SipLog.MetadataInvalid(_logger, leg.CallId, metadata.Error ?? "invalid");
                }
            }

            if (update.Offer is { } offer)
            {
                sdp = Reanswer(leg, offer);
            }
            else if (update.IsReInvite)
            {
                // RFC 3264 §8, docs/interop.md SD-8: a re-INVITE without SDP gets our current SDP as a new offer, same version.
                sdp = leg.LocalSdp;
            }
        }

        foreach (var fact in published)
        {
            _facts.Publish(fact);
        }

        return new DialogUpdateAccepted(sdp);
    }

    /// <summary>
    /// Answers a re-offer (hold, resume, codec change, escalation): m-lines already recorded keep their port and
    /// receiver, with the new payload types and direction; new lines are declined (a stereo file has no third channel).
    /// </summary>
    private string Reanswer(RecordingLeg leg, SdpSession offer)
    {
        var answer = RecorderSdp.Answer(offer, leg.AdvertisedAddress, leg.SdpSessionId, leg.SdpVersion, index => leg.Streams.Find(s => s.MediaIndex == index)?.Receiver.Port, _planner.Codecs);
        foreach (var stream in leg.Streams)
        {
            var accepted = answer.Accepted.FirstOrDefault(a => a.MediaIndex == stream.MediaIndex);
            if (accepted is null)
            {
                stream.Direction = SdpDirection.Inactive;
                stream.Receiver.SetInactive(true);
                continue;
            }

            stream.Receiver.UpdatePayloads(accepted.Payloads);
            if (RecorderSdp.ChooseCrypto(offer.Media[stream.MediaIndex]) is { } crypto)
            {
                // A re-offer may re-key (RFC 4568 §7.1.4): a new key means a new crypto context.
                stream.Receiver.UseSenderCrypto(crypto);
            }

            stream.Receiver.SetInactive(accepted.Direction == SdpDirection.Inactive);
            stream.Direction = accepted.Direction;
        }

        leg.LocalSdp = RecorderSdp.WriteVersioned(answer.Session, leg.LocalSdp, leg.SdpVersion, out var version);
        leg.SdpVersion = version;
        return leg.LocalSdp;
    }

    /// <summary>Who is agent and far end after a metadata change; the channels of streams already recording stay as they are.</summary>
    private SiprecRoleAssignment? Reassign(CallRecording call, RecordingLeg leg)
    {
        var labels = leg.Streams.Select(s => s.Label).ToList();
        var fresh = SiprecRoles.Assign(call.Metadata, labels, _sip.Siprec.AgentRule, _sip.Siprec.MaxExtensionDigits);
        var agent = call.Roles?.AgentParticipantId is { } kept && call.Metadata?.Participants.Any(p => p.Id == kept) == true ? kept : fresh.AgentParticipantId;
        return new SiprecRoleAssignment([.. leg.Streams.Select(s => s.Receiver.Channel)], agent, call.Roles?.Rule ?? fresh.Rule);
    }

    private static bool SameParty(CucmRecordingLeg a, CucmRecordingLeg b) =>
        a.FarEndAddress == b.FarEndAddress && a.FarEndDevice == b.FarEndDevice && a.FarEndRefCi == b.FarEndRefCi && a.FarEndClusterId == b.FarEndClusterId && a.NearEndAddress == b.NearEndAddress;
}
