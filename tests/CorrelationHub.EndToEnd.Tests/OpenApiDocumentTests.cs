using System.Text.Json;
using System.Text.RegularExpressions;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>The host describes its REST API: every path of docs/contracts.md §4 is in the OpenAPI document it serves.</summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task The_openapi_document_lists_every_rest_path_of_the_contracts()
    {
        await using var host = await TestHost.StartAsync();
        using var response = await host.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var served = paths.EnumerateObject().ToDictionary(
            p => Normalise(p.Name),
            p => p.Value.EnumerateObject().Select(o => o.Name.ToUpperInvariant()).ToHashSet());

        var contract = Contracted().ToList();
        Assert.True(contract.Count >= 25, $"only {contract.Count} paths read from docs/contracts.md §4");
        var missing = contract.Where(c => !(served.TryGetValue(c.Path, out var methods) && methods.Contains(c.Method))).Select(c => $"{c.Method} {c.Path}").ToList();
        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing));

        // Named response types, not anonymous objects: the recording's answer has a schema with its members.
        var recording = paths.GetProperty("/api/recordings/{id}").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.Contains("RecordingView", recording.GetRawText());
    }

    /// <summary>The (method, path) pairs of the REST table in docs/contracts.md §4, query strings dropped.</summary>
    private static IEnumerable<(string Method, string Path)> Contracted()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "contracts.md"));
        var start = text.IndexOf("## 4. REST API", StringComparison.Ordinal);
        var end = text.IndexOf("## 5.", start, StringComparison.Ordinal);
        foreach (var line in text[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            // A cell names one or more endpoints: "`GET /a`, `POST /b`" or "`PUT`, `DELETE /a`" (both methods on /a).
            foreach (Match m in Endpoint().Matches(line.Split('|')[1]))
            {
                foreach (var method in m.Groups["methods"].Value.Split(['`', ',', '/', ' '], StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return (method, Normalise(m.Groups["path"].Value));
                }
            }
        }
    }

    private static string Normalise(string path)
    {
        var bare = path.Split('?')[0].TrimEnd('/');
        return ParameterName().Replace(bare, "{}");
    }

    [GeneratedRegex(@"(?<methods>(?:`?(?:GET|POST|PUT|DELETE)`?(?:,\s*|\s*/\s*)?)+)\s*(?<path>/[A-Za-z0-9/{}._-]+)")]
    private static partial Regex Endpoint();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex ParameterName();
}
