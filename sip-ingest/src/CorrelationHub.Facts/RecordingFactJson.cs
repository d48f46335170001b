using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CorrelationHub.Facts;

/// <summary>
/// The one JSON form of a <see cref="RecordingFact"/> (docs/contracts.md §7): camelCase, enums by name. It is what
/// the backend stores in <c>recording_facts.json</c>, what a replay reads back, and what a remote ingest would send.
/// Members a newer writer adds are ignored by an older reader.
/// </summary>
public static class RecordingFactJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(RecordingFact fact) => JsonSerializer.Serialize(fact, Options);

    public static JsonElement SerializeToElement(RecordingFact fact) => JsonSerializer.SerializeToElement(fact, Options);

    /// <summary>
    /// Reads a stored or received fact. Its required members are checked here, with an answer naming the member,
    /// rather than by the serializer, so stored facts from writers that left a member out still say what is missing.
    /// </summary>
    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out RecordingFact? fact, [NotNullWhen(false)] out string? error)
    {
        fact = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "a recording fact must be a JSON object";
            return false;
        }

        RecordingFact? read;
        try
        {
            read = json.Deserialize<RecordingFact>(Options);
        }
        catch (JsonException ex)
        {
            error = $"{Member(ex.Path)}: {(ex.InnerException ?? ex).Message}";
            return false;
        }

        if (read is null)
        {
            error = "a recording fact must be a JSON object";
            return false;
        }

        if (string.IsNullOrEmpty(read.RecordingId))
        {
            error = "recordingId is required";
            return false;
        }

        if (read.OccurredAt == default && (read.SegmentEnd ?? read.SegmentStart) is { } fallback)
        {
            read = read with { OccurredAt = fallback };
        }

        if (read.OccurredAt == default)
        {
            error = "occurredAt is required";
            return false;
        }

        if (!json.TryGetProperty("kind", out _))
        {
            error = "kind is required";
            return false;
        }

        fact = read with { SegmentIndex = Math.Max(read.SegmentIndex, 1), Source = string.IsNullOrEmpty(read.Source) ? "unknown" : read.Source };
        error = null;
        return true;
    }

    private static string Member(string? path) => path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "fact";

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter() },
            // `required` binds the ingest at compile time; TryRead checks presence itself and names what is missing.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NothingRequired } },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void NothingRequired(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            property.IsRequired = false;
        }
    }
}
