using System.Text.Json;

namespace CorrelationHub.Web.Security;

/// <summary>The body of <c>POST /api/agent-session</c>: <c>{ "username", "extension", "purpose" }</c>.</summary>
public sealed record AgentSessionRequest(string Username, string? Extension, string Purpose)
{
    public const string Collector = "collector";
    public const string Map = "map";

    public bool IsMap => Purpose == Map;

    /// <summary>Reads and validates the body; the error names the field.</summary>
    public static (AgentSessionRequest? Request, string? Field, string? Message) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "$", "must be a JSON object");
        }

        var username = Text(body, "username");
        if (username is null)
        {
            return (null, "username", "is required (finesse.gadget.Config.id)");
        }

        var purpose = Text(body, "purpose") ?? Collector;
        if (purpose is not (Collector or Map))
        {
            return (null, "purpose", "must be collector or map");
        }

        var extension = Text(body, "extension");
        if (extension is null && purpose == Collector)
        {
            return (null, "extension", "is required (finesse.gadget.Config.extension)");
        }

        return username.Length > 256 || extension?.Length > 64
            ? (null, username.Length > 256 ? "username" : "extension", "is too long")
            : (new AgentSessionRequest(username, extension, purpose), null, null);
    }

    private static string? Text(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
