using System.Text.Json;

namespace CorrelationHub.Simulator.Site;

/// <summary>Loads a site: a built-in name (a file in <c>sites/</c> next to the program) or a path to a JSON file.</summary>
public static class SiteLoader
{
    public static string SitesDirectory => Path.Combine(AppContext.BaseDirectory, "sites");

    public static IEnumerable<string> BuiltIn => Directory.Exists(SitesDirectory) ? Directory.GetFiles(SitesDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>() : [];

    public static SiteDescription Load(string nameOrPath)
    {
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(SitesDirectory, nameOrPath + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no site '{nameOrPath}' (built in: {string.Join(", ", BuiltIn)})");
        }

        return JsonSerializer.Deserialize<SiteDescription>(File.ReadAllText(path), SiteDescription.Json) ?? throw new InvalidDataException($"{path} is empty");
    }
}
