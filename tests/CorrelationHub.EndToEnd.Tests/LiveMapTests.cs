using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>The map page in real Chromium follows a call live: agent login, then the recording, matched.</summary>
public sealed class LiveMapTests
{
    [Fact]
    public async Task The_map_shows_the_agent_and_the_matched_recording_as_they_happen()
    {
        await using var host = await TestHost.StartAsync("--Access:Mode=Open");
        var screenshots = Path.Combine(RepoPaths.Root, "tests", "js", "screenshots");
        Directory.CreateDirectory(screenshots);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(RepoPaths.Root, "tests", "js"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "tools/map-watch.mjs", host.BaseUrl, "012345", "linked", Path.Combine(screenshots, "live-map-e2e.png"), "Recorded, linked" })
        {
            start.ArgumentList.Add(argument);
        }

        using var browser = new Process { StartInfo = start };
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var errors = new StringBuilder();
        browser.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Writer.TryWrite(e.Data);
            }
        };
        browser.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        browser.Start();
        browser.BeginOutputReadLine();
        browser.BeginErrorReadLine();
        var ready = await lines.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(ready == "READY", $"map page did not connect: {ready} {errors}");

        var shift = DateTimeOffset.UtcNow - FinesseFixtures.AgentActiveTime("finesse/dialog-inbound-active.xml");
        var dialog = FinesseFixtures.Dialog("finesse/dialog-inbound-active.xml", shift);
        var login = new JsonObject { ["username"] = "012345", ["firstName"] = "Bob", ["lastName"] = "Bobster", ["extension"] = "61001", ["action"] = "login" };
        var response = await host.Http.PostAsync("/api/agent-events", new StringContent(new JsonArray(login, FinesseFixtures.DialogEvent("012345", "61001", "added", dialog)).ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await using var peer = await SipTestPeer.ConnectTcpAsync(host.SipTcp);
        var legs = new CucmLegFixtures(udp: false, peer.Local.Port);
        var tags = new Dictionary<bool, string>();
        foreach (var near in new[] { true, false })
        {
            await peer.SendAsync(legs.Invite(near));
            tags[near] = (await peer.ExpectAsync(200, "INVITE")).To!.Tag!;
            await peer.SendAsync(legs.Ack(near, tags[near]));
        }

        foreach (var near in new[] { true, false })
        {
            await peer.SendAsync(legs.Bye(near, tags[near]));
            await peer.ExpectAsync(200, "BYE");
        }

        var agentsJson = await Eventually.Until(() => host.Http.GetStringAsync("/api/agents"), json => json.Contains("\"matched\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the API to show the matched recording");
        var seen = await lines.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(browser.ExitCode == 0 && seen?.StartsWith("SEEN", StringComparison.Ordinal) == true, $"map did not show the recording: {seen} {errors} API: {agentsJson}");
        Assert.Contains("Bob Bobster", seen);
        Assert.Contains("+353858712345", seen);
        Assert.Contains("Recorded, linked", seen);
    }
}
