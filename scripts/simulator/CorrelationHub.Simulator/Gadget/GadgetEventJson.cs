using System.Text.Json.Nodes;
using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Play;

namespace CorrelationHub.Simulator.Gadget;

/// <summary>
/// Renders a gadget action as the event JSON of docs/contracts.md §3 (camelCase). Finesse times (stateChangeTime, startTime)
/// are on the Finesse server clock; clientTime is the agent PC's clock, off by clientDriftMs
/// (finesse.gadget.Config.clientDriftInMillis, taken here as client clock minus server clock).
/// </summary>
public static class GadgetEventJson
{
    public static JsonObject Render(GadgetAction action, TimeMap time, DateTimeOffset sentAt)
    {
        var json = new JsonObject
        {
            ["eventId"] = action.EventId.ToString(),
            ["action"] = action.Kind switch
            {
                GadgetKind.Login => "login",
                GadgetKind.Logout => "logout",
                GadgetKind.State => "state",
                _ => "dialog",
            },
            ["username"] = action.Agent.Username,
            ["extension"] = action.Extension,
            ["clientTime"] = TimeMap.Iso(sentAt + TimeSpan.FromMilliseconds(action.Agent.ClockDriftMs)),
            ["clientDriftMs"] = action.Agent.ClockDriftMs,
        };
        switch (action.Kind)
        {
            case GadgetKind.Login:
                json["firstName"] = action.Agent.FirstName;
                json["lastName"] = action.Agent.LastName;
                json["teamId"] = action.Agent.TeamId;
                json["teamName"] = action.Agent.TeamName;
                break;
            case GadgetKind.State:
                json["state"] = action.State;
                json["reasonCodeId"] = action.State == "NOT_READY" ? "22" : "-1";
                json["stateChangeTime"] = TimeMap.Iso(time.Finesse(action.AtSim));
                break;
            case GadgetKind.Dialog:
                json["change"] = action.Change;
                json["dialog"] = Dialog(action.Dialog!, time);
                break;
        }

        return json;
    }

    private static JsonObject Dialog(DialogSnapshot dialog, TimeMap time)
    {
        var media = new JsonObject();
        foreach (var (name, value) in dialog.MediaProperties)
        {
            media[name] = value;
        }

        var participants = new JsonArray();
        foreach (var participant in dialog.Participants)
        {
            participants.Add(new JsonObject
            {
                ["mediaAddress"] = participant.Address,
                ["mediaAddressType"] = participant.Type,
                ["state"] = participant.State,
                ["stateCause"] = string.Empty,
                ["startTime"] = TimeMap.Iso(time.Finesse(participant.StartSim)),
                ["stateChangeTime"] = TimeMap.Iso(time.Finesse(participant.ChangeSim)),
            });
        }

        return new JsonObject
        {
            ["id"] = dialog.Id,
            ["state"] = dialog.State,
            ["fromAddress"] = dialog.FromAddress,
            ["toAddress"] = dialog.ToAddress,
            ["mediaType"] = "Voice",
            ["secondaryId"] = dialog.SecondaryId ?? string.Empty,
            ["associatedDialogUri"] = dialog.AssociatedDialogId is { } associated ? "/finesse/api/Dialog/" + associated : string.Empty,
            ["uri"] = "/finesse/api/Dialog/" + dialog.Id,
            ["mediaProperties"] = media,
            ["participants"] = participants,
        };
    }
}
