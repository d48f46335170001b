using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Bench;

/// <summary>The batched event writer alone (no network): how many events a second it stores and applies.</summary>
public static class WriterBench
{
    public static async Task<string> RunAsync(string path, int events, int concurrency)
    {
        var db = new SqliteConnectionFactory($"Data Source={path}");
        await new MigrationRunner(db, TimeProvider.System).MigrateAsync();
        await using var writer = new AgentEventWriter(db, new WriteGate(db), new CorrelationScheduler(), Options.Create(new CorrelationOptions()), NullLogger<AgentEventWriter>.Instance);
        var parsed = new List<AgentEvent>(events);
        for (var i = 0; i < events; i++)
        {
            var agent = i % 500;
            var extension = (70000 + agent).ToString(CultureInfo.InvariantCulture);
            var node = (i % 4) switch
            {
                0 => new JsonObject { ["action"] = "heartbeat" },
                1 => new JsonObject { ["action"] = "state", ["state"] = "TALKING", ["stateChangeTime"] = DateTimeOffset.UtcNow.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture) },
                _ => new JsonObject
                {
                    ["action"] = "dialog",
                    ["change"] = "updated",
                    ["dialog"] = new JsonObject
                    {
                        ["id"] = (30_000_000 + (i / 8)).ToString(CultureInfo.InvariantCulture),
                        ["state"] = "ACTIVE",
                        ["fromAddress"] = "+353851231234",
                        ["mediaProperties"] = new JsonObject { ["callType"] = "ACD_IN", ["callVariable1"] = "x" },
                        ["participants"] = new JsonArray(
                            new JsonObject { ["mediaAddress"] = extension, ["state"] = i % 8 < 4 ? "ACTIVE" : "WRAP_UP", ["stateChangeTime"] = DateTimeOffset.UtcNow.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture) },
                            new JsonObject { ["mediaAddress"] = "+353851231234", ["state"] = "ACTIVE", ["stateChangeTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) }),
                    },
                },
            };
            node["username"] = "bench" + agent.ToString("D4", CultureInfo.InvariantCulture);
            node["extension"] = extension;
            parsed.Add(AgentEventReader.Read(JsonDocument.Parse(node.ToJsonString()).RootElement, () => Guid.NewGuid().ToString()).Event!);
        }

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < parsed.Count)
            {
                await writer.SubmitAsync(parsed[i], DateTimeOffset.UtcNow);
            }
        });
        await Task.WhenAll(workers);
        var stored = stopwatch.Elapsed;
        await writer.WhenAppliedAsync();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000 / events;
        return string.Create(CultureInfo.InvariantCulture, $"{events} events with {concurrency} in flight: stored and acknowledged at {events / stored.TotalSeconds:0} events/s; all applied after {stopwatch.Elapsed.TotalSeconds:0.0} s ({events / stopwatch.Elapsed.TotalSeconds:0} events/s); {cpu:0} µs of CPU per event");
    }
}
