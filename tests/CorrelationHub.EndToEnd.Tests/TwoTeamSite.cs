using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// Two agents in two Finesse teams, each with a matched, recorded call (audio on disk), and a recording from an
/// extension nobody is signed in on (no agent, no team): Bob (012345, 61001) in 5002 Billing with r-billing, Dana
/// (012346, 61002) in 5003 Collections with r-collections, and r-orphan on 61009.
/// </summary>
public static class TwoTeamSite
{
    public const int WavBytes = 16000;

    public static async Task FeedAsync(TestHost host)
    {
        var feed = new CorrelationFeed(host);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await feed.EventsAsync(
            CorrelationFeed.Login("012345", "61001", "Billing", t0.AddMinutes(-1), teamId: "5002"),
            CorrelationFeed.Dialog("012345", "61001", "16798406", "added", "ACTIVE", t0, t0),
            CorrelationFeed.Dialog("012345", "61001", "16798406", "updated", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(60)),
            CorrelationFeed.Dialog("012345", "61001", "16798406", "removed", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(61)),
            CorrelationFeed.Login("012346", "61002", "Collections", t0.AddMinutes(-1), teamId: "5003"),
            CorrelationFeed.Dialog("012346", "61002", "16798407", "added", "ACTIVE", t0, t0, customer: "+353858712346"),
            CorrelationFeed.Dialog("012346", "61002", "16798407", "updated", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(60), customer: "+353858712346"),
            CorrelationFeed.Dialog("012346", "61002", "16798407", "removed", "WRAP_UP", t0.AddSeconds(60), t0.AddSeconds(61), customer: "+353858712346"));
        await feed.RecordingAsync("r-billing", "61001", "17687488", t0.AddSeconds(0.6), t0.AddSeconds(60.4), wavBytes: WavBytes);
        await feed.RecordingAsync("r-collections", "61002", "17687489", t0.AddSeconds(0.6), t0.AddSeconds(60.4), wavBytes: WavBytes, farEnd: "+353858712346");
        await feed.RecordingAsync("r-orphan", "61009", "17687490", t0.AddSeconds(0.6), t0.AddSeconds(60.4), wavBytes: WavBytes, farEnd: "+353858712347");
        await Eventually.Until(
            async () => CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv")).Rows,
            rows => rows.Count(r => r["match_status"] == "matched") == 2 && rows.Any(r => r["recording_id"] == "r-orphan" && r["match_reason"] != "not correlated yet"),
            TimeSpan.FromSeconds(30),
            "both calls to be matched and the orphan correlated");
    }
}
