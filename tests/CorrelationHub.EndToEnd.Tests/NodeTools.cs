using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Runs the Node tools in tests/js/tools (the npm SignalR client: the .NET client is not available here).</summary>
public static class NodeTools
{
    public static async Task<JsonArray> PublishOverHubAsync(string baseUrl, JsonArray events, string? token = null)
    {
        var toolsDirectory = Path.Combine(RepoPaths.Root, "tests", "js");
        if (!System.IO.Directory.Exists(Path.Combine(toolsDirectory, "node_modules", "@microsoft", "signalr")))
        {
            throw new InvalidOperationException("tests/js/node_modules is missing: run scripts/test.sh (or npm ci in tests/js) first.");
        }

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, events.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = toolsDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("tools/hub-publish.mjs");
            start.ArgumentList.Add(baseUrl);
            start.ArgumentList.Add(file);
            if (token is not null)
            {
                start.ArgumentList.Add(token);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"hub-publish.mjs exited {process.ExitCode}: {await error}");
            }

            return JsonNode.Parse(await output)!.AsArray();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
