using CorrelationHub.Sip.Siprec;
using CorrelationHub.Facts;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>Builds recording facts (docs/contracts.md §7) from what a segment and its recording know (called under the manager's gate).</summary>
internal static class RecordingFacts
{
    public static RecordingFact Of(RecordingFactKind kind, RecordingSegment segment, DateTimeOffset at)
    {
        var call = segment.Recording;
        var cucm = call.Cucm;
        var legs = segment.Legs;
        var fact = new RecordingFact
        {
            Kind = kind,
            RecordingId = call.Id,
            SegmentIndex = segment.Index,
            OccurredAt = at,
            Source = call.Source,
            AgentExtension = cucm?.NearEndAddress,
            FarEndAddress = cucm?.FarEndAddress,
            RefCi = cucm?.RefCi,
            XSessionId = cucm?.SessionId,
            NearEndDevice = cucm?.NearEndDevice,
            NearEndClusterId = cucm?.NearEndClusterId,
            FarEndDevice = cucm?.FarEndDevice,
            FarEndRefCi = cucm?.FarEndRefCi,
            FarEndGuid = cucm?.FarEndGuid,
            CallIds = [.. legs.Select(l => l.CallId)],
            SessionIds = [.. legs.Select(l => l.SessionIdHeader).OfType<string>()],
            CiscoGuids = [.. legs.Select(l => l.CiscoGuid).OfType<string>().Distinct()],
            SignallingPeer = legs.FirstOrDefault()?.SignallingPeer,
            SegmentStart = segment.StartedAt,
            VendorIds = VendorIds(call, legs),
        };

        if (call.Source != "siprec")
        {
            return fact;
        }

        var metadata = call.Metadata;
        var roles = call.Roles;
        return fact with
        {
            AgentExtension = roles?.Agent(metadata)?.Number,
            FarEndAddress = roles?.FarEnd(metadata)?.Number,
            Participants = Participants(metadata, roles, legs),
            SiprecSessionIds = [.. (metadata?.Sessions.Select(s => s.SipSessionId).OfType<string>() ?? [])],
            AgentRule = roles?.Rule,
        };
    }

    private static List<RecordingParticipant> Participants(RecordingMetadata? metadata, SiprecRoleAssignment? roles, List<RecordingLeg> legs)
    {
        if (metadata is null)
        {
            return [];
        }

        var farEnd = roles?.FarEnd(metadata)?.Id;
        var channelByLabel = legs.SelectMany(l => l.Streams).Where(s => s.Label is not null).GroupBy(s => s.Label!).ToDictionary(g => g.Key, g => g.First().Receiver.Channel);
        return
        [
            .. metadata.Participants.Select(p =>
            {
                var labels = p.Sends.Select(id => metadata.Streams.FirstOrDefault(s => s.Id == id)?.Label).OfType<string>().ToList();
                int? channel = labels.Select(l => channelByLabel.TryGetValue(l, out var c) ? c : (int?)null).FirstOrDefault(c => c is not null);
                return new RecordingParticipant
                {
                    Id = p.Id,
                    Role = p.Id == roles?.AgentParticipantId ? "agent" : p.Id == farEnd ? "far-end" : "other",
                    Aor = p.Aor,
                    Name = p.Name,
                    Number = p.Number,
                    SendsLabels = labels,
                    Channel = channel,
                    AssociatedAt = p.AssociateTime,
                    DisassociatedAt = p.DisassociateTime,
                    CallingParty = p.CallingParty,
                    VendorIds = p.VendorIds.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Last().Value),
                };
            }),
        ];
    }

    private static Dictionary<string, string> VendorIds(CallRecording call, List<RecordingLeg> legs)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var leg in legs)
        {
            foreach (var (key, value) in leg.HeaderVendorIds)
            {
                ids[key] = value;
            }
        }

        foreach (var (key, value) in call.Metadata?.VendorIds ?? [])
        {
            ids[key] = value;
        }

        return ids;
    }
}
