using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CorrelationHub.TestSupport;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// What the map's search and detail read, on the real host: the number filter (any dialled form, or the last digits),
/// paging, the export's row count, the dialog detail limited to the reader's teams, and audio with the map token.
/// </summary>
public sealed class CallSearchApiTests
{
    [Fact]
    public async Task Calls_are_found_by_number_paged_counted_and_detailed_within_the_readers_teams()
    {
        await using var host = await TestHost.StartAsync();
        var feed = new CorrelationFeed(host);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        await feed.EventsAsync(
            WithTeam(CorrelationFeed.Login("012345", "61001", "Billing", t0.AddMinutes(-1)), "5002"),
            WithTeam(CorrelationFeed.Login("012346", "61002", "Collections", t0.AddMinutes(-1)), "5003"),
            CorrelationFeed.Dialog("012345", "61001", "100", "added", "ACTIVE", t0, t0),
            CorrelationFeed.Dialog("012345", "61001", "100", "updated", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(60)),
            CorrelationFeed.Dialog("012346", "61002", "200", "added", "ACTIVE", t0.AddMinutes(5), t0.AddMinutes(5), customer: "+353851231234"),
            CorrelationFeed.Dialog("012346", "61002", "200", "updated", "WRAP_UP", t0.AddMinutes(6), t0.AddMinutes(6), customer: "+353851231234"),
            CorrelationFeed.Dialog("012345", "61001", "300", "added", "ACTIVE", t0.AddMinutes(10), t0.AddMinutes(10), customer: "+442071234567"),
            CorrelationFeed.Dialog("012345", "61001", "300", "updated", "WRAP_UP", t0.AddMinutes(11), t0.AddMinutes(11), customer: "+442071234567"));
        await feed.RecordingAsync("r-100", "61001", "17687488", t0.AddSeconds(0.6), t0.AddSeconds(60.4), wavBytes: 16000);
        await Eventually.Until(() => Rows(host, "status=matched"), rows => rows.Count == 1, TimeSpan.FromSeconds(20), "the recording matched");

        // The same subscriber in three dialled forms, and the last digits; a far end of the recording counts too.
        foreach (var number in new[] { "0858712345", "00353858712345", "+353 85 871 2345", "712345" })
        {
            var found = await Rows(host, $"number={Uri.EscapeDataString(number)}");
            Assert.True(found.Count == 1 && found[0]!["dialog_id"]!.GetValue<string>() == "100", $"{number}: {found.ToJsonString()}");
        }

        Assert.Equal(["200"], (await Rows(host, "number=0851231234")).Select(r => r!["dialog_id"]!.GetValue<string>()));
        Assert.Empty(await Rows(host, "number=0851111111"));
        var bad = await host.Http.GetAsync("/api/calls?number=1-2");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("number", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());

        // Paging: offset and limit over the same order as the export.
        var all = (await Rows(host, string.Empty)).Select(r => r!["dialog_id"]!.GetValue<string>()).ToList();
        Assert.Equal(["100", "200", "300"], all);
        Assert.Equal(["200"], (await Rows(host, "offset=1&limit=1")).Select(r => r!["dialog_id"]!.GetValue<string>()));
        Assert.Empty(await Rows(host, "offset=3"));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/api/calls?offset=-1")).StatusCode);

        Assert.Equal(3, (await host.Http.GetFromJsonAsync<JsonObject>("/api/calls/count"))!["count"]!.GetValue<int>());
        Assert.Equal(1, (await host.Http.GetFromJsonAsync<JsonObject>("/api/calls/count?number=0858712345"))!["count"]!.GetValue<int>());
        var csv = CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv&number=%2B442071234567"));
        Assert.Equal(["300"], csv.Rows.Select(r => r["dialog_id"]));

        // The detail: every leg, the participant timeline, the linked segment with its links.
        var detail = (await host.Http.GetFromJsonAsync<JsonObject>("/api/dialogs/100"))!;
        Assert.Equal(("012345", "Billing"), (detail["legs"]![0]!["username"]!.GetValue<string>(), detail["legs"]![0]!["teamName"]!.GetValue<string>()));
        Assert.Contains(detail["participants"]!.AsArray(), p => p!["mediaAddress"]!.GetValue<string>() == "61001" && p["state"]!.GetValue<string>() == "WRAP_UP");
        var segment = detail["segments"]![0]!;
        Assert.Equal(("r-100", "17687488"), (segment["recordingId"]!.GetValue<string>(), segment["refci"]!.GetValue<string>()));
        var link = segment["links"]![0]!;
        Assert.Equal(("matched", "100"), (link["status"]!.GetValue<string>(), link["dialogId"]!.GetValue<string>()));
        Assert.Contains("starts", link["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/dialogs/999")).StatusCode);

        // A supervisor of team 5002 sees its dialog, not the other team's (as if it did not exist).
        using var supervisor = Bearer(host, Supervisor(host, "5002"));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/dialogs/100")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/dialogs/200")).StatusCode);

        // Audio for the <audio> element: the map token as access_token, with ranges; without a token, refused.
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/r-100/audio?segment=1&access_token={Uri.EscapeDataString(Supervisor(host, "5002"))}");
        ranged.Headers.Range = new RangeHeaderValue(40, 99);
        var partial = await anonymous.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 40-99/16044", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/recordings/r-100/audio?segment=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/calls?access_token={Uri.EscapeDataString(Supervisor(host, "5002"))}")).StatusCode);
    }

    private static async Task<JsonArray> Rows(TestHost host, string query) =>
        (await host.Http.GetFromJsonAsync<JsonArray>($"/api/calls?{query}"))!;

    private static JsonObject WithTeam(JsonObject login, string teamId)
    {
        login["teamId"] = teamId;
        return login;
    }

    /// <summary>A map session token for a Finesse supervisor of one team (as POST /api/agent-session issues it).</summary>
    private static string Supervisor(TestHost host, string team) =>
        host.Services.GetRequiredService<AgentSessionTokens>().Issue(new AgentSession("sup1", null, AgentSessionClaims.Kinds.Supervisor, "Finesse", ["Agent", "Supervisor"], team, [team], null, default)).Token;

    private static HttpClient Bearer(TestHost host, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
