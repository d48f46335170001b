using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>The correlation API on the real host: export (CSV and NDJSON), recordings with links, audio ranges, legal holds, compliance figures, sessions, admin actions.</summary>
public sealed class CorrelationApiTests
{
    private const string Dialog = "16798406";

    [Fact]
    public async Task A_recorded_call_is_matched_and_served_by_every_read_and_admin_endpoint()
    {
        await using var host = await TestHost.StartAsync();
        var feed = new CorrelationFeed(host);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await feed.EventsAsync(
            CorrelationFeed.Login("012345", "61001", "Billing", t0.AddMinutes(-1)),
            CorrelationFeed.Dialog("012345", "61001", Dialog, "added", "ACTIVE", t0, t0),
            CorrelationFeed.Dialog("012345", "61001", Dialog, "updated", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(60)),
            CorrelationFeed.Dialog("012345", "61001", Dialog, "removed", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(61)));
        await feed.RecordingAsync("r-api", "61001", "17687488", t0.AddSeconds(0.6), t0.AddSeconds(60.4), wavBytes: 16000);

        var row = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")).Rows.FirstOrDefault(),
            r => r?["match_status"] == "matched",
            TimeSpan.FromSeconds(20),
            "the recording to be matched");
        Assert.Equal((Dialog, "012345", "Billing", "false", "0"), (row!["dialog_id"], row["agent_username"], row["team_name"], row["link_final"], row["link_rank"]));
        Assert.True(double.Parse(row["match_confidence"], System.Globalization.CultureInfo.InvariantCulture) >= 0.99, row["match_reason"]);
        Assert.Equal("GOLD", JsonNode.Parse(row["call_variables"])!["user.CustomerTier"]!.GetValue<string>());

        var ndjson = await host.Http.GetStringAsync("/api/calls/export?format=ndjson&status=matched");
        var line = JsonNode.Parse(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
        Assert.Equal(("r-api", false), (line["recording_id"]!.GetValue<string>(), line["link_final"]!.GetValue<bool>()));

        var recording = (await host.Http.GetFromJsonAsync<JsonObject>("/api/recordings/r-api"))!;
        var link = recording["segments"]![0]!["links"]![0]!;
        Assert.Equal((Dialog, "matched", "012345"), (link["dialogId"]!.GetValue<string>(), link["status"]!.GetValue<string>(), link["username"]!.GetValue<string>()));

        using var range = new HttpRequestMessage(HttpMethod.Get, "/api/recordings/r-api/audio?segment=1");
        range.Headers.Range = new RangeHeaderValue(0, 43);
        var partial = await host.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 0-43/16044", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal("RIFF", Encoding.ASCII.GetString((await partial.Content.ReadAsByteArrayAsync())[..4]));

        var from = CorrelationFeed.Iso(t0.AddHours(-1));
        var to = CorrelationFeed.Iso(t0.AddHours(1));
        var compliance = (await host.Http.GetFromJsonAsync<JsonObject>($"/api/metrics/compliance?from={from}&to={to}"))!;
        var overall = compliance["overall"]!;
        Assert.Equal((1, 1, 1.0, 1.0), (overall["voiceDialogs"]!.GetValue<int>(), overall["recordedDialogs"]!.GetValue<int>(), overall["recordingSuccessRate"]!.GetValue<double>(), overall["metadataMatchRate"]!.GetValue<double>()));
        Assert.Equal(1, overall["latencySamples"]!.GetValue<int>());
        Assert.Equal("Billing", compliance["byTeam"]![0]!["group"]!.GetValue<string>());

        var sessions = (await host.Http.GetFromJsonAsync<JsonArray>($"/api/agents/012345/sessions?from={from}&to={to}"))!;
        Assert.Equal(("61001", "login", "Billing"), (sessions[0]!["extension"]!.GetValue<string>(), sessions[0]!["startReason"]!.GetValue<string>(), sessions[0]!["teamName"]!.GetValue<string>()));

        var recorrelated = await host.Http.PostAsync($"/api/admin/recorrelate?from={from}&to={to}", null);
        Assert.Equal(HttpStatusCode.OK, recorrelated.StatusCode);
        var summary = JsonNode.Parse(await recorrelated.Content.ReadAsStringAsync())!;
        Assert.Equal((1, 0), (summary["segments"]!.GetValue<int>(), summary["changedLinks"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("/api/calls?status=bogus", "status")]
    [InlineData("/api/calls?from=yesterday", "from")]
    [InlineData("/api/metrics/compliance?from=2026-04-21T00:00:00Z&to=2026-04-20T00:00:00Z", "to")]
    [InlineData("/api/agents/012345/sessions?to=soon", "to")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string path, string field)
    {
        await using var host = await TestHost.StartAsync();
        var response = await host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Legal_holds_need_a_reason_and_a_key_and_are_shown_on_the_recording()
    {
        await using var host = await TestHost.StartAsync();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await new CorrelationFeed(host).RecordingAsync("r-hold", "61001", null, t0, t0.AddSeconds(30));

        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync("/api/recordings/r-hold/legal-hold", Json("""{"reason":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.PutAsync("/api/recordings/r-hold/legal-hold", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PutAsync("/api/recordings/nope/legal-hold", Json("""{"reason":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.PutAsync("/api/recordings/r-hold/legal-hold", Json("""{"reason":"complaint 2026-117"}"""))).StatusCode);

        var recording = (await host.Http.GetFromJsonAsync<JsonObject>("/api/recordings/r-hold"))!;
        Assert.Equal("complaint 2026-117", recording["legalHold"]!["reason"]!.GetValue<string>());
        Assert.Equal("r-hold", (await host.Http.GetFromJsonAsync<JsonArray>("/api/legal-holds"))![0]!["recordingId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync("/api/recordings/r-hold/legal-hold?reason=closed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.DeleteAsync("/api/recordings/r-hold/legal-hold")).StatusCode);
        Assert.Null((await host.Http.GetFromJsonAsync<JsonObject>("/api/recordings/r-hold"))!["legalHold"]);
    }

    [Fact]
    public async Task A_cti_trace_posted_to_the_admin_api_links_a_recording_no_gadget_reported()
    {
        await using var host = await TestHost.StartAsync();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await new CorrelationFeed(host).RecordingAsync("r-story-b", "61001", "34446813", t0, t0.AddSeconds(100), farEnd: "00851231234");
        await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")).Rows.Single()["match_reason"],
            reason => reason.StartsWith("no voice dialog", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            "the recording to be correlated (unmatched)");

        var response = await host.Http.PostAsync($"/api/admin/cti-trace?date={t0.UtcDateTime:yyyy-MM-dd}", new StringContent(RepoPaths.FixtureText("cti/cucm-sdl-ctinewcallnotify.log"), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var imported = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((1, 1, 1), (imported["pairingLines"]!.GetValue<int>(), imported["newPairs"]!.GetValue<int>(), imported["matchingSegments"]!.GetValue<int>()));

        var row = await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")).Rows.Single(),
            r => r["match_status"] == "matched",
            TimeSpan.FromSeconds(20),
            "the CTI pair to link the recording");
        Assert.Equal("16798494", row["dialog_id"]);
        Assert.Contains("exact key refci equal", row["match_reason"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.PostAsync("/api/admin/cti-trace?date=20-04-2026", new StringContent(string.Empty))).StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
