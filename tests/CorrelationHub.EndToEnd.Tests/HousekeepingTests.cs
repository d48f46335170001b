using System.Text.Json.Nodes;
using System.Net.Http.Json;
using CorrelationHub.TestSupport;
using CorrelationHub.Web.Hosting;
using CorrelationHub.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>The jobs' work and the command-line actions on a real host's database and recordings folder.</summary>
public sealed class HousekeepingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "correlationhub-housekeeping-" + Guid.NewGuid().ToString("N")[..12]);

    private string Database => $"Data Source={Path.Combine(_directory, "correlationhub.db")}";

    [Fact]
    public async Task Retention_deletes_old_audio_and_rows_and_keeps_what_is_on_legal_hold()
    {
        await using var host = await TestHost.StartAsync("--Retention:Days=30");
        var feed = new CorrelationFeed(host);
        var old = DateTimeOffset.UtcNow.AddDays(-40);
        await feed.RecordingAsync("r-old", "61001", null, old, old.AddSeconds(30), wavBytes: 800);
        await feed.RecordingAsync("r-kept", "61001", null, old.AddMinutes(5), old.AddMinutes(6), wavBytes: 800);
        await feed.RecordingAsync("r-new", "61001", null, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(-1), wavBytes: 800);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await host.Http.PutAsJsonAsync("/api/recordings/r-kept/legal-hold", new { reason = "litigation" })).StatusCode);

        var result = await host.Services.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1), (result!.Recordings, result.AudioFiles, result.HeldRecordingsKept));
        var files = Directory.GetFiles(Path.Combine(host.Directory, "recordings"), "*.wav", SearchOption.AllDirectories).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["r-kept-01.wav", "r-new-01.wav"], files);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/recordings/r-old")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await host.Http.GetAsync("/api/recordings/r-kept")).StatusCode);
    }

    [Fact]
    public async Task The_daily_export_writes_one_file_per_day_once()
    {
        var folder = Path.Combine(_directory, "exports");
        await using var host = await TestHost.StartAsync($"--Export:Schedule:Directory={folder}", "--Export:Schedule:BaseUrl=https://recorder.example");
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var start = new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        await new CorrelationFeed(host).RecordingAsync("r-yesterday", "61001", null, start, start.AddSeconds(30));
        await new CorrelationFeed(host).RecordingAsync("r-today", "61001", null, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(-1));
        var exporter = host.Services.GetRequiredService<DailyExporter>();

        var path = await exporter.RunAsync(null, CancellationToken.None);

        Assert.Equal(Path.Combine(folder, $"correlationhub-calls-{yesterday:yyyy-MM-dd}.csv"), path);
        var (header, rows) = CsvText.Parse(await File.ReadAllTextAsync(path!));
        Assert.Equal("dialog_id", header[0]);
        var row = Assert.Single(rows);
        Assert.Equal("r-yesterday", row["recording_id"]);
        Assert.StartsWith("https://recorder.example/api/recordings/r-yesterday/audio", row["audio_url"], StringComparison.Ordinal);
        Assert.Null(await exporter.RunAsync(null, CancellationToken.None));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task An_agent_whose_gadget_went_silent_is_no_longer_shown_signed_in()
    {
        await using var host = await TestHost.StartAsync();
        var login = CorrelationFeed.Login("012345", "61001", "Billing", DateTimeOffset.UtcNow.AddMinutes(-10));
        await new CorrelationFeed(host).EventsAsync(login);
        await Eventually.Until(async () => await host.Http.GetFromJsonAsync<JsonArray>("/api/agents"), agents => agents!.Count == 1 && agents[0]!["loggedIn"]!.GetValue<bool>(), TimeSpan.FromSeconds(10), "the agent to be shown signed in");

        var closed = await host.Services.GetRequiredService<StaleSessionCloser>().RunAsync(CancellationToken.None);

        Assert.Equal(["012345"], closed);
        Assert.False((await host.Http.GetFromJsonAsync<JsonArray>("/api/agents"))![0]!["loggedIn"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Recorrelate_and_import_cti_run_from_the_command_line_on_the_stored_facts()
    {
        Directory.CreateDirectory(_directory);
        var start = new DateTimeOffset(2026, 4, 20, 9, 40, 11, 900, TimeSpan.Zero);
        await using (var host = await TestHost.StartAsync($"--Storage:ConnectionString={Database}"))
        {
            await new CorrelationFeed(host).RecordingAsync("r-story-b", "61001", "34446813", start, start.AddSeconds(108));
        }

        var trace = Path.Combine(_directory, "trace.log");
        await File.WriteAllTextAsync(trace, RepoPaths.FixtureText("cti/cucm-sdl-ctinewcallnotify.log"));
        var (code, output, _) = await RunAsync("import-cti", trace, "--date", "2026-04-20", $"--Storage:ConnectionString={Database}");
        Assert.Equal(0, code);
        var imported = JsonNode.Parse(output)!;
        Assert.Equal((1, 1), (imported["newPairs"]!.GetValue<int>(), imported["changedLinks"]!.GetValue<int>()));

        (code, output, _) = await RunAsync("recorrelate", "--from", "2026-04-20T00:00:00Z", "--to", "2026-04-21T00:00:00Z", "--replay", $"--Storage:ConnectionString={Database}");
        Assert.Equal(0, code);
        var summary = JsonNode.Parse(output)!;
        Assert.Equal((2, 1, 1, 0), (summary["replayedRecordingFacts"]!.GetValue<int>(), summary["segments"]!.GetValue<int>(), summary["links"]!.GetValue<int>(), summary["changedLinks"]!.GetValue<int>()));

        var (bad, _, error) = await RunAsync("recorrelate", "--from", "2026-04-21T00:00:00Z", "--to", "2026-04-20T00:00:00Z", $"--Storage:ConnectionString={Database}");
        Assert.Equal(2, bad);
        Assert.Contains("usage: recorrelate", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
