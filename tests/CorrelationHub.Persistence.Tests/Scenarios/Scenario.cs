using System.Globalization;
using System.Text.Json.Nodes;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Persistence.Tests.Scenarios;

/// <summary>
/// A timeline scenario read from <c>Scenarios/*.json</c>: what agents' gadgets and the recorder reported and
/// when, and the export rows expected at the end. Times are time-of-day on the scenario's date, on the true
/// clock; an entry's <c>late</c> delays its arrival, an agent's <c>clockOffsetSeconds</c> skews its gadget clock,
/// <c>recorderOffsetSeconds</c> skews the recorder's clock; a recording entry's <c>kind</c> is <c>started</c>,
/// <c>ended</c> or <c>alarm</c> (a live media alarm), and its <c>fact</c> object adds or replaces
/// members of the ingest's fact (<c>endReason</c>, <c>tracks</c>, <c>participants</c>, ...).
/// </summary>
public sealed record Scenario(string Name, string File, JsonObject Root)
{
    public static IEnumerable<object[]> All() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    public static Scenario Load(string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Scenarios", name + ".json");
        return new Scenario(name, file, JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsObject());
    }

    public DateOnly Date => DateOnly.ParseExact((string)Root["date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public DateTimeOffset Time(string timeOfDay) =>
        new(Date.ToDateTime(TimeOnly.ParseExact(timeOfDay, ["HH:mm:ss", "HH:mm:ss.f", "HH:mm:ss.ff", "HH:mm:ss.fff"], CultureInfo.InvariantCulture)), TimeSpan.Zero);

    public JsonArray Timeline => Root["timeline"]!.AsArray();

    public JsonArray Expect => Root["expect"]!.AsArray();

    public JsonObject Agents => Root["agents"]?.AsObject() ?? [];

    public double RecorderOffsetSeconds => Root["recorderOffsetSeconds"]?.GetValue<double>() ?? 0;

    public static string FixtureText(string relative) => RepoPaths.FixtureText(relative);
}
