using System.Text.Json;

namespace CorrelationHub.Simulator.Truth;

/// <summary>The truth file: one JSON object per line, one line per recording segment.</summary>
public static class TruthFile
{
    public static void Write(string path, IEnumerable<TruthSegment> segments)
    {
        using var writer = new StreamWriter(path);
        var options = new JsonSerializerOptions(Site.SiteDescription.Json) { WriteIndented = false };
        foreach (var segment in segments)
        {
            writer.WriteLine(JsonSerializer.Serialize(segment, options));
        }
    }

    public static List<TruthSegment> Read(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<TruthSegment>(l, Site.SiteDescription.Json)!)];
}
