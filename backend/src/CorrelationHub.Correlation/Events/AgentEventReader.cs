using System.Globalization;
using System.Text.Json;

namespace CorrelationHub.Correlation.Events;

/// <summary>
/// Validates one gadget event (docs/contracts.md §3) and reads it into an <see cref="AgentEvent"/>. Finesse gives most
/// values as strings and empty elements as null, so ids and numbers are accepted as strings or numbers; anything
/// else wrong is refused with the name of the field.
/// </summary>
public static class AgentEventReader
{
    public static (AgentEvent? Event, AgentEventError? Error) Read(JsonElement element, Func<string> newEventId)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Fail("$", "an event must be a JSON object");
        }

        var action = String(element, "action", out var error);
        if (error is not null)
        {
            return (null, error);
        }

        if (action is null)
        {
            return Fail("action", "is required");
        }

        if (!AgentActions.All.Contains(action))
        {
            return Fail("action", $"must be one of {string.Join(", ", AgentActions.All)}");
        }

        var username = String(element, "username", out error);
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrWhiteSpace(username))
        {
            return Fail("username", "is required");
        }

        var extension = String(element, "extension", out error);
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrWhiteSpace(extension) && action != AgentActions.Logout)
        {
            return Fail("extension", "is required");
        }

        var eventId = String(element, "eventId", out error);
        if (error is not null)
        {
            return (null, error);
        }

        if (eventId is not null && !Guid.TryParse(eventId, out _))
        {
            return Fail("eventId", "must be a UUID");
        }

        var clientTime = Time(element, "clientTime", out error);
        if (error is not null)
        {
            return (null, error);
        }

        var drift = Integer(element, "clientDriftMs", out error);
        if (error is not null)
        {
            return (null, error);
        }

        var result = new AgentEvent
        {
            EventId = eventId?.ToLowerInvariant() ?? newEventId(),
            Action = action,
            Username = username.Trim(),
            Extension = string.IsNullOrWhiteSpace(extension) ? null : extension.Trim(),
            ClientTime = clientTime,
            ClientDriftMs = drift,
            Json = element.GetRawText(),
        };

        switch (action)
        {
            case AgentActions.Login:
                return ReadLogin(element, result);
            case AgentActions.State:
                return ReadState(element, result);
            case AgentActions.Dialog:
                return ReadDialogEvent(element, result);
            default:
                return (result, null);
        }
    }

    private static (AgentEvent?, AgentEventError?) ReadLogin(JsonElement element, AgentEvent result)
    {
        var first = String(element, "firstName", out var error);
        if (error is not null)
        {
            return (null, error);
        }

        var last = String(element, "lastName", out error);
        if (error is not null)
        {
            return (null, error);
        }

        var teamId = String(element, "teamId", out error);
        if (error is not null)
        {
            return (null, error);
        }

        var teamName = String(element, "teamName", out error);
        if (error is not null)
        {
            return (null, error);
        }

        return (result with { FirstName = first, LastName = last, TeamId = teamId, TeamName = teamName }, null);
    }

    private static (AgentEvent?, AgentEventError?) ReadState(JsonElement element, AgentEvent result)
    {
        var state = String(element, "state", out var error);
        if (error is not null)
        {
            return (null, error);
        }

        if (state is null || !AgentActions.UserStates.Contains(state))
        {
            return Fail("state", $"must be a Finesse user state ({string.Join(", ", AgentActions.UserStates)})");
        }

        var reason = String(element, "reasonCodeId", out error);
        if (error is not null)
        {
            return (null, error);
        }

        var changed = Time(element, "stateChangeTime", out error);
        if (error is not null)
        {
            return (null, error);
        }

        return (result with { State = state, ReasonCodeId = reason, StateChangeTime = changed }, null);
    }

    private static (AgentEvent?, AgentEventError?) ReadDialogEvent(JsonElement element, AgentEvent result)
    {
        var change = String(element, "change", out var error);
        if (error is not null)
        {
            return (null, error);
        }

        if (change is null || !AgentActions.DialogChanges.Contains(change))
        {
            return Fail("change", "must be added, updated or removed");
        }

        if (!element.TryGetProperty("dialog", out var dialogElement) || dialogElement.ValueKind != JsonValueKind.Object)
        {
            return Fail("dialog", "must be an object (the Finesse Dialog)");
        }

        var (dialog, dialogError) = ReadDialog(dialogElement);
        return dialogError is not null ? (null, dialogError) : (result with { Change = change, Dialog = dialog }, null);
    }

    private static (DialogSnapshot?, AgentEventError?) ReadDialog(JsonElement element)
    {
        var id = String(element, "id", out var error, "dialog.");
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            return (null, new AgentEventError("dialog.id", "is required"));
        }

        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (element.TryGetProperty("mediaProperties", out var media) && media.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in media.EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
            }
        }
        else if (element.TryGetProperty("mediaProperties", out media) && media.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return (null, new AgentEventError("dialog.mediaProperties", "must be an object"));
        }

        var participants = new List<ParticipantSnapshot>();
        if (element.TryGetProperty("participants", out var list) && list.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            // finesse.js turns a single <Participant> into an object instead of an array; accept both.
            var items = list.ValueKind switch
            {
                JsonValueKind.Array => list.EnumerateArray().ToList(),
                JsonValueKind.Object => [list],
                _ => null,
            };
            if (items is null)
            {
                return (null, new AgentEventError("dialog.participants", "must be an array"));
            }

            for (var i = 0; i < items.Count; i++)
            {
                var prefix = $"dialog.participants[{i}].";
                var p = items[i];
                if (p.ValueKind != JsonValueKind.Object)
                {
                    return (null, new AgentEventError($"dialog.participants[{i}]", "must be an object"));
                }

                var address = String(p, "mediaAddress", out error, prefix);
                var type = error is null ? String(p, "mediaAddressType", out error, prefix) : null;
                var state = error is null ? String(p, "state", out error, prefix) : null;
                var cause = error is null ? String(p, "stateCause", out error, prefix) : null;
                var start = error is null ? Time(p, "startTime", out error, prefix) : null;
                var changed = error is null ? Time(p, "stateChangeTime", out error, prefix) : null;
                if (error is not null)
                {
                    return (null, error);
                }

                participants.Add(new ParticipantSnapshot(address, type, state, cause, start, changed));
            }
        }

        string? Field(string name) => String(element, name, out var e, "dialog.") is var v && e is null ? v : null;
        var snapshot = new DialogSnapshot(
            id.Trim(),
            Field("state"),
            Field("fromAddress"),
            Field("toAddress"),
            Field("secondaryId"),
            Field("associatedDialogUri"),
            properties,
            participants)
        {
            MediaType = Field("mediaType"),
        };
        return (snapshot, null);
    }

    private static string? String(JsonElement element, string name, out AgentEventError? error, string prefix = "")
    {
        error = null;
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString();
                return string.IsNullOrEmpty(text) ? null : text;
            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                error = new AgentEventError(prefix + name, "must be a string");
                return null;
        }
    }

    private static long? Integer(JsonElement element, string name, out AgentEventError? error)
    {
        error = null;
        if (!element.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && Math.Abs(real) < 1e15)
        {
            return (long)Math.Round(real);
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        error = new AgentEventError(name, "must be an integer number of milliseconds");
        return null;
    }

    private static DateTimeOffset? Time(JsonElement element, string name, out AgentEventError? error, string prefix = "")
    {
        var text = String(element, name, out error, prefix);
        if (error is not null || text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        // finesse.js sometimes hands epoch milliseconds.
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && epoch > 1_000_000_000_000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(epoch);
        }

        error = new AgentEventError(prefix + name, "must be an ISO-8601 time");
        return null;
    }

    private static (AgentEvent?, AgentEventError?) Fail(string field, string message) => (null, new AgentEventError(field, message));
}
