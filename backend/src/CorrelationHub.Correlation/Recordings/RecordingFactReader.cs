using System.Text.Json;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Numbers;
using CorrelationHub.Facts;

namespace CorrelationHub.Correlation.Recordings;

/// <summary>
/// What the backend takes from a <see cref="RecordingFact"/> (the contract of docs/contracts.md §7): the exact keys
/// (<c>refCi</c>, <c>xSessionId</c>, the legs' and the SIPREC session's Session-IDs, Cisco GUIDs, vendor ids), the
/// agent extension and far end as user parts (from the SIPREC participants when the source has no CUCM
/// x-parameters), the quality and the far-end changes.
/// </summary>
public static class RecordingFactReader
{
    /// <summary>Reads a fact in its JSON form (<see cref="RecordingFactJson"/>): stored, replayed or received.</summary>
    public static (RecordingFactData? Fact, string? Error) Read(JsonElement json, NumberPlanOptions plan) =>
        RecordingFactJson.TryRead(json, out var fact, out var error) ? (Read(fact, plan), null) : (null, error);

    public static RecordingFactData Read(RecordingFact fact, NumberPlanOptions plan)
    {
        var keys = new List<ExactKey>();
        void Key(string kind, string? value)
        {
            if (ExactKeys.Create(kind, value) is { } key && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        Key(ExactKeys.Refci, fact.RefCi);
        Key(ExactKeys.SessionId, fact.XSessionId);
        // SIPREC: the communication session's Session-ID pairs (RFC 7865 sipSessionID), read like the legs' own.
        foreach (var sessionId in fact.SessionIds.Concat(fact.SiprecSessionIds))
        {
            // RFC 7989: "local-uuid;remote=remote-uuid"; the null UUID says "not known yet".
            var local = sessionId.Split(';')[0].Trim();
            if (local.Trim('0').Length > 0)
            {
                Key(ExactKeys.SessionId, local);
            }
        }

        foreach (var guid in fact.CiscoGuids)
        {
            Key(ExactKeys.CallGuid, guid);
        }

        foreach (var (name, value) in fact.VendorIds)
        {
            if (value is { Length: > 0 })
            {
                Key(ExactKeys.VendorPrefix + name, value);
            }
        }

        var extension = fact.AgentExtension;
        var farEnd = fact.FarEndAddress;
        if (extension is null || farEnd is null)
        {
            var (agent, other) = FromParticipants(fact.Participants, plan);
            extension ??= agent;
            farEnd ??= other;
        }

        return new RecordingFactData
        {
            Kind = fact.Kind.ToString(),
            RecordingId = fact.RecordingId,
            SegmentIndex = Math.Max(fact.SegmentIndex, 1),
            OccurredAt = fact.OccurredAt,
            Source = fact.Source,
            AgentExtension = UserPart(extension),
            FarEndAddress = UserPart(farEnd),
            Refci = fact.RefCi,
            XSessionId = fact.XSessionId,
            NearEndDevice = fact.NearEndDevice,
            SegmentStart = fact.SegmentStart,
            SegmentEnd = fact.SegmentEnd,
            AudioFile = fact.AudioFile,
            AudioSeconds = fact.AudioSeconds,
            EndReason = fact.EndReason,
            Flags = [.. fact.Flags.Where(f => f.Length > 0)],
            QualityJson = fact.Tracks.Count > 0 ? JsonSerializer.Serialize(fact.Tracks, RecordingFactJson.Options) : null,
            Codecs = CodecsOf(fact.Tracks),
            Keys = keys,
            FarEndChanges = [.. fact.FarEndChanges
                .Select(c => UserPart(c.Address) is { } address ? new FarEndChange(c.At, address) : null)
                .OfType<FarEndChange>()
                .OrderBy(c => c.At)],
        };
    }

    /// <summary>"left/right" codec names of the tracks (channel 0 is the agent), or null when no track names one.</summary>
    public static string? CodecsOf(IReadOnlyList<TrackQuality> tracks)
    {
        string? Of(int channel) => tracks.FirstOrDefault(t => t.Channel == channel && t.Codec is not null)?.Codec;
        var (left, right) = (Of(0), Of(1));
        return left is null && right is null ? null : $"{left}/{right}";
    }

    /// <summary>The user part of a SIP/tel URI, or the text itself.</summary>
    public static string? UserPart(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var text = address.Trim();
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }
        else if (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..];
        }

        var cut = text.IndexOfAny(['@', ';', '>']);
        return (cut >= 0 ? text[..cut] : text) is { Length: > 0 } user ? user : null;
    }

    /// <summary>The agent is the participant the ingest named so, else the one whose number is extension-sized.</summary>
    private static (string? Agent, string? Other) FromParticipants(IReadOnlyList<RecordingParticipant> participants, NumberPlanOptions plan)
    {
        var addresses = new List<(string Address, bool FlaggedAgent)>();
        foreach (var participant in participants)
        {
            if (UserPart(participant.Aor ?? participant.Number) is { } address)
            {
                addresses.Add((address, string.Equals(participant.Role, "agent", StringComparison.OrdinalIgnoreCase)));
            }
        }

        static int DigitCount(string a) => a.Count(char.IsAsciiDigit);
        var agent = addresses.FirstOrDefault(a => a.FlaggedAgent).Address
            ?? addresses.FirstOrDefault(a => !a.Address.StartsWith('+') && DigitCount(a.Address) is > 0 and var n && n <= plan.MaxExtensionDigits).Address;
        var other = addresses.FirstOrDefault(a => a.Address != agent).Address;
        return (agent, other);
    }
}
