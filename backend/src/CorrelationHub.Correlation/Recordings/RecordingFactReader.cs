using System.Globalization;
using System.Text.Json;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Numbers;

namespace CorrelationHub.Correlation.Recordings;

/// <summary>
/// Reads a recording fact's JSON (camelCase, as <c>RecordingFact</c> serialises). Known members are read; unknown
/// ones are ignored (the JSON is stored whole anyway). Exact keys come from <c>refCi</c>, <c>xSessionId</c>,
/// <c>sessionIds</c>, <c>ciscoGuids</c>, and from SIPREC members when present: <c>siprecSessionIds</c> (the ingest's
/// name) or <c>sipSessionId</c>,
/// <c>vendorIds</c> (object name → value, or array of {name, value}) and <c>participants</c> (to find the agent
/// extension and far end when the source has no CUCM x-parameters). <c>farEndChanges</c> is an array of
/// {at, address}.
/// </summary>
public static class RecordingFactReader
{
    public static (RecordingFactData? Fact, string? Error) Read(JsonElement json, NumberPlanOptions plan)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, "a recording fact must be a JSON object");
        }

        var recordingId = Text(json, "recordingId");
        if (recordingId is null)
        {
            return (null, "recordingId is required");
        }

        var index = Integer(json, "segmentIndex") ?? 1;
        var occurred = Time(json, "occurredAt") ?? Time(json, "segmentEnd") ?? Time(json, "segmentStart");
        if (occurred is null)
        {
            return (null, "occurredAt is required");
        }

        var keys = new List<ExactKey>();
        void Key(string kind, string? value)
        {
            if (ExactKeys.Create(kind, value) is { } key && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        var refci = Text(json, "refCi") ?? Text(json, "refci");
        var xSession = Text(json, "xSessionId");
        Key(ExactKeys.Refci, refci);
        Key(ExactKeys.SessionId, xSession);
        // SIPREC: the communication session's Session-ID pairs (RFC 7865 sipSessionID), read like the legs' own.
        foreach (var sessionId in Strings(json, "sessionIds").Concat(Strings(json, "siprecSessionIds")))
        {
            // RFC 7989: "local-uuid;remote=remote-uuid"; the null UUID says "not known yet".
            var local = sessionId.Split(';')[0].Trim();
            if (local.Trim('0').Length > 0)
            {
                Key(ExactKeys.SessionId, local);
            }
        }

        foreach (var guid in Strings(json, "ciscoGuids"))
        {
            Key(ExactKeys.CallGuid, guid);
        }

        Key(ExactKeys.SessionId, Text(json, "sipSessionId") ?? Text(json, "siprecSessionId"));
        foreach (var (name, value) in VendorIds(json))
        {
            Key(ExactKeys.VendorPrefix + name, value);
        }

        var extension = Text(json, "agentExtension");
        var farEnd = Text(json, "farEndAddress");
        if (extension is null || farEnd is null)
        {
            var (agent, other) = FromParticipants(json, plan);
            extension ??= agent;
            farEnd ??= other;
        }

        var fact = new RecordingFactData
        {
            Kind = Kind(json),
            RecordingId = recordingId,
            SegmentIndex = (int)Math.Clamp(index, 1, int.MaxValue),
            OccurredAt = occurred.Value,
            Source = Text(json, "source") ?? "unknown",
            AgentExtension = UserPart(extension),
            FarEndAddress = UserPart(farEnd),
            Refci = refci,
            XSessionId = xSession,
            NearEndDevice = Text(json, "nearEndDevice"),
            SegmentStart = Time(json, "segmentStart"),
            SegmentEnd = Time(json, "segmentEnd"),
            AudioFile = Text(json, "audioFile"),
            AudioSeconds = Number(json, "audioSeconds"),
            EndReason = Text(json, "endReason"),
            Flags = [.. Strings(json, "flags")],
            QualityJson = json.TryGetProperty("tracks", out var tracks) && tracks.ValueKind == JsonValueKind.Array && tracks.GetArrayLength() > 0 ? tracks.GetRawText() : null,
            Keys = keys,
            FarEndChanges = FarEndChanges(json),
        };
        return (fact, null);
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

    private static string Kind(JsonElement json)
    {
        if (!json.TryGetProperty("kind", out var kind))
        {
            return "Unknown";
        }

        return kind.ValueKind switch
        {
            JsonValueKind.String => kind.GetString() ?? "Unknown",
            JsonValueKind.Number when kind.TryGetInt32(out var n) => n switch
            {
                0 => RecordingFactData.SegmentStarted,
                1 => RecordingFactData.SegmentEnded,
                _ => n.ToString(CultureInfo.InvariantCulture),
            },
            _ => "Unknown",
        };
    }

    private static (string? Agent, string? Other) FromParticipants(JsonElement json, NumberPlanOptions plan)
    {
        if (!json.TryGetProperty("participants", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return (null, null);
        }

        var addresses = new List<(string Address, bool FlaggedAgent)>();
        foreach (var participant in list.EnumerateArray())
        {
            if (participant.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var address = UserPart(Text(participant, "address") ?? Text(participant, "aor") ?? Text(participant, "number") ?? Text(participant, "nameId"));
            if (address is null)
            {
                continue;
            }

            var role = Text(participant, "role");
            var flagged = (participant.TryGetProperty("isAgent", out var isAgent) && isAgent.ValueKind == JsonValueKind.True)
                || string.Equals(role, "agent", StringComparison.OrdinalIgnoreCase);
            addresses.Add((address, flagged));
        }

        static int DigitCount(string a) => a.Count(char.IsAsciiDigit);
        var agent = addresses.FirstOrDefault(a => a.FlaggedAgent).Address
            ?? addresses.FirstOrDefault(a => !a.Address.StartsWith('+') && DigitCount(a.Address) is > 0 and var n && n <= plan.MaxExtensionDigits).Address;
        var other = addresses.FirstOrDefault(a => a.Address != agent).Address;
        return (agent, other);
    }

    private static IEnumerable<(string Name, string Value)> VendorIds(JsonElement json)
    {
        if (!json.TryGetProperty("vendorIds", out var ids))
        {
            yield break;
        }

        if (ids.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in ids.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } value)
                {
                    yield return (property.Name, value);
                }
            }
        }
        else if (ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in ids.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && Text(item, "name") is { } name && Text(item, "value") is { } value)
                {
                    yield return (name, value);
                }
            }
        }
    }

    private static List<FarEndChange> FarEndChanges(JsonElement json)
    {
        var result = new List<FarEndChange>();
        if (json.TryGetProperty("farEndChanges", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && (Time(item, "at") ?? Time(item, "occurredAt")) is { } at
                    && UserPart(Text(item, "address") ?? Text(item, "farEndAddress")) is { } address)
                {
                    result.Add(new FarEndChange(at, address));
                }
            }
        }

        return [.. result.OrderBy(c => c.At)];
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static long? Integer(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static double? Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) ? n : null;

    private static DateTimeOffset? Time(JsonElement json, string name) =>
        Text(json, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static IEnumerable<string> Strings(JsonElement json, string name)
    {
        if (json.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } s)
                {
                    yield return s;
                }
            }
        }
    }
}
