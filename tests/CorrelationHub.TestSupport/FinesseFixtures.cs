using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace CorrelationHub.TestSupport;

/// <summary>
/// Turns the Finesse REST XML fixtures into the JS shape the gadget sends (docs/contracts.md §3): strings as Finesse gives
/// them, empty elements as null, call variables flattened into mediaProperties. Times can be shifted so a fixture
/// call happens "now".
/// </summary>
public static class FinesseFixtures
{
    public static JsonObject Dialog(string relativePath, TimeSpan shift)
    {
        var xml = XDocument.Load(RepoPaths.Fixture(relativePath)).Root!;
        var media = new JsonObject();
        foreach (var element in xml.Element("mediaProperties")!.Elements())
        {
            if (element.Name.LocalName == "callvariables")
            {
                foreach (var variable in element.Elements("CallVariable"))
                {
                    media[variable.Element("name")!.Value] = NullIfEmpty(variable.Element("value")?.Value);
                }
            }
            else
            {
                media[element.Name.LocalName] = NullIfEmpty(element.Value);
            }
        }

        var participants = new JsonArray();
        foreach (var participant in xml.Element("participants")!.Elements("Participant"))
        {
            participants.Add(new JsonObject
            {
                ["mediaAddress"] = NullIfEmpty(participant.Element("mediaAddress")?.Value),
                ["mediaAddressType"] = NullIfEmpty(participant.Element("mediaAddressType")?.Value),
                ["state"] = NullIfEmpty(participant.Element("state")?.Value),
                ["stateCause"] = NullIfEmpty(participant.Element("stateCause")?.Value),
                ["startTime"] = Shift(participant.Element("startTime")?.Value, shift),
                ["stateChangeTime"] = Shift(participant.Element("stateChangeTime")?.Value, shift),
            });
        }

        return new JsonObject
        {
            ["id"] = xml.Element("id")!.Value,
            ["state"] = NullIfEmpty(xml.Element("state")?.Value),
            ["fromAddress"] = NullIfEmpty(xml.Element("fromAddress")?.Value),
            ["toAddress"] = NullIfEmpty(xml.Element("toAddress")?.Value),
            ["secondaryId"] = NullIfEmpty(xml.Element("secondaryId")?.Value),
            ["associatedDialogUri"] = NullIfEmpty(xml.Element("associatedDialogUri")?.Value),
            ["mediaProperties"] = media,
            ["participants"] = participants,
        };
    }

    /// <summary>The Finesse server time at which the agent participant of a dialog fixture went ACTIVE.</summary>
    public static DateTimeOffset AgentActiveTime(string relativePath)
    {
        var xml = XDocument.Load(RepoPaths.Fixture(relativePath)).Root!;
        var agent = xml.Element("participants")!.Elements("Participant").First(p => p.Element("mediaAddressType")?.Value == "AGENT_DEVICE");
        return DateTimeOffset.Parse(agent.Element("stateChangeTime")!.Value, CultureInfo.InvariantCulture);
    }

    public static JsonObject DialogEvent(string username, string extension, string change, JsonObject dialog) => new()
    {
        ["action"] = "dialog",
        ["username"] = username,
        ["extension"] = extension,
        ["eventId"] = Guid.NewGuid().ToString(),
        ["clientTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["clientDriftMs"] = 0,
        ["change"] = change,
        ["dialog"] = dialog.DeepClone(),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Shift(string? value, TimeSpan shift) =>
        string.IsNullOrEmpty(value) ? null : (DateTimeOffset.Parse(value, CultureInfo.InvariantCulture) + shift).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
