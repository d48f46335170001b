using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Web.Options;
using CorrelationHub.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// Access:Mode=Accounts on the real host: accounts made with the command line sign in with a cookie; supervisors see
/// only their teams' agents, calls, exports, recordings and audio; Finesse map tokens read their supervised teams;
/// collector tokens read nothing; forgery header, throttling, sign-out and the audit log.
/// </summary>
public sealed class AccountAccessTests
{
    private const string AdminPassword = "correct horse battery";
    private const string SupervisorPassword = "staple of the billing team";

    [Fact]
    public async Task An_account_made_on_the_command_line_signs_in_with_a_session_cookie_and_signing_out_ends_the_session()
    {
        await using var host = await TestHost.StartAsync();
        var (code, output, error) = await AccountSession.CliAsync(host, SupervisorPassword + "\n", "accounts", "add", "Sup.Billing", "--role", "supervisor", "--teams", "5002,5004", "--name", "Ann Billing");
        Assert.True(code == 0, error);
        var created = JsonNode.Parse(output)!;
        Assert.Equal(("sup.billing", "supervisor", "Ann Billing"), (created["username"]!.GetValue<string>(), created["role"]!.GetValue<string>(), created["displayName"]!.GetValue<string>()));
        Assert.DoesNotContain("hash", output, StringComparison.OrdinalIgnoreCase);
        (code, output, _) = await AccountSession.CliAsync(host, null, "accounts", "list");
        Assert.Equal(0, code);
        Assert.Equal(["5002", "5004"], JsonNode.Parse(output)![0]!["teams"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(1, (await AccountSession.CliAsync(host, SupervisorPassword + "\n", "accounts", "add", "sup.billing", "--role", "supervisor", "--teams", "5002")).Code);
        Assert.Equal(2, (await AccountSession.CliAsync(host, "short\n", "accounts", "add", "sup.other", "--role", "supervisor", "--teams", "5002")).Code);
        Assert.Equal(2, (await AccountSession.CliAsync(host, SupervisorPassword + "\n", "accounts", "add", "sup.other", "--role", "supervisor")).Code);

        using var browser = new AccountSession(host);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
        var signedIn = await browser.SignInAsync("SUP.BILLING", SupervisorPassword);
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var cookie = browser.SetCookie!.ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("expires", cookie, StringComparison.Ordinal);

        var me = await browser.GetJsonAsync("/api/auth/me");
        Assert.Equal(("sup.billing", "Ann Billing", "account", false, "Accounts"), (me["username"]!.GetValue<string>(), me["displayName"]!.GetValue<string>(), me["via"]!.GetValue<string>(), me["allTeams"]!.GetValue<bool>(), me["accessMode"]!.GetValue<string>()));
        Assert.Equal(("Open", true), (me["authMode"]!.GetValue<string>(), me["openWarning"]!.GetValue<bool>()));
        Assert.Equal(["supervisor"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["5002", "5004"], me["teams"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/agents")).StatusCode);

        // A team change on the command line applies to the signed-in session at its next request.
        Assert.Equal(0, (await AccountSession.CliAsync(host, null, "accounts", "update", "sup.billing", "--teams", "5003")).Code);
        Assert.Equal(["5003"], (await browser.GetJsonAsync("/api/auth/me"))["teams"]!.AsArray().Select(t => t!.GetValue<string>()));

        var saved = browser.Cookie;
        using (var noHeader = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(noHeader)).StatusCode);
        }

        using (var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out"))
        {
            signOut.Headers.Add(AccountSession.ForgeryHeader, "1");
            Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signOut)).StatusCode);
        }

        Assert.Null(browser.Cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
        browser.Cookie = saved;
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/agents")).StatusCode);

        // Signing in again ends the browser's previous session.
        await browser.SignInOkAsync("sup.billing", SupervisorPassword);
        var first = browser.Cookie;
        await browser.SignInOkAsync("sup.billing", SupervisorPassword);
        var second = browser.Cookie;
        browser.Cookie = first;
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/agents")).StatusCode);
        browser.Cookie = second;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/agents")).StatusCode);

        // A password change signs the account out everywhere.
        Assert.Equal(0, (await AccountSession.CliAsync(host, "a brand new passphrase\n", "accounts", "set-password", "sup.billing")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync("sup.billing", SupervisorPassword)).StatusCode);
        await browser.SignInOkAsync("sup.billing", "a brand new passphrase");
        Assert.Equal(0, (await AccountSession.CliAsync(host, null, "accounts", "remove", "sup.billing")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/agents")).StatusCode);

        var audit = (await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=account"))!;
        Assert.Equal(["account.add", "account.update", "account.set-password", "account.remove"], audit.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(audit, e => Assert.Equal(("cli", "sup.billing"), (e!["via"]!.GetValue<string>(), e["target"]!.GetValue<string>())));
        var signIns = (await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=sign-in&user=sup.billing"))!;
        Assert.Equal(["success", "success", "success", "failure", "success"], signIns.Select(e => e!["outcome"]!.GetValue<string>()));
        Assert.Equal("sup.billing", Assert.Single((await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=sign-out"))!)!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer_and_repeated_failures_lock_sign_in()
    {
        await using var host = await TestHost.StartAsync("--Access:LockoutThreshold=4");
        await AccountSession.AddAccountAsync(host, "sup.billing", SupervisorPassword, "supervisor", "5002");
        using var browser = new AccountSession(host);

        var wrong = await browser.SignInAsync("sup.billing", "not the password at all");
        var unknown = await browser.SignInAsync("nobody.here", "not the password at all");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, unknown.StatusCode));
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
        var (wrongBody, unknownBody) = (JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!, JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!);
        Assert.Equal((wrongBody["detail"]!.GetValue<string>(), wrongBody["reason"]!.GetValue<string>()), (unknownBody["detail"]!.GetValue<string>(), unknownBody["reason"]!.GetValue<string>()));
        Assert.Null(browser.Cookie);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SignInAsync("sup.billing", SupervisorPassword, withHeader: false)).StatusCode);
        Assert.Equal("username", JsonNode.Parse(await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { password = "x" }), Headers = { { AccountSession.ForgeryHeader, "1" } } })).Content.ReadAsStringAsync())!["field"]!.GetValue<string>());

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync("sup.billing", "guess " + i)).StatusCode);
        }

        var locked = await browser.SignInAsync("sup.billing", SupervisorPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = locked.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
        Assert.Null(browser.Cookie);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SignInAsync("SUP.billing", SupervisorPassword)).StatusCode);

        var signIns = (await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=sign-in"))!;
        Assert.Equal(["failure", "failure", "failure", "failure", "failure", "throttled", "throttled"], signIns.Select(e => e!["outcome"]!.GetValue<string>()));
        Assert.Null(signIns[1]!["actor"]);
        Assert.Equal("unknown-account", signIns[1]!["details"]!["reason"]!.GetValue<string>());
        Assert.Equal("sup.billing", signIns[0]!["actor"]!.GetValue<string>());
        Assert.Equal(300, signIns[4]!["details"]!["lockedForSeconds"]!.GetValue<int>());
        Assert.DoesNotContain("not the password", signIns.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("nobody.here", signIns.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_sees_only_their_teams_agents_calls_exports_recordings_and_audio_and_an_administrator_sees_everything()
    {
        await using var host = await TestHost.StartAsync();
        await TwoTeamSite.FeedAsync(host);
        await AccountSession.AddAccountAsync(host, "sup.collections", SupervisorPassword, "supervisor", "5003");
        await AccountSession.AddAccountAsync(host, "admin", AdminPassword, "administrator");
        using var supervisor = new AccountSession(host);
        await supervisor.SignInOkAsync("sup.collections", SupervisorPassword);
        using var admin = new AccountSession(host);
        await admin.SignInOkAsync("admin", AdminPassword);

        Assert.Equal(["012346"], Usernames(await supervisor.GetJsonAsync("/api/agents")));
        Assert.Equal(["012345", "012346"], Usernames(await admin.GetJsonAsync("/api/agents")));
        Assert.Single((await supervisor.GetJsonAsync("/api/agents"))[0]!["recordings"]!.AsArray());

        Assert.Equal(["r-collections"], Recordings(await supervisor.GetJsonAsync("/api/calls")));
        Assert.Equal(["r-billing", "r-collections", "r-orphan"], Recordings(await admin.GetJsonAsync("/api/calls")).Order());
        var csv = CsvText.Parse(await supervisor.GetStringAsync("/api/calls/export?format=csv"));
        Assert.Equal(["r-collections"], csv.Rows.Select(r => r["recording_id"]));
        var ndjson = (await supervisor.GetStringAsync("/api/calls/export?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["012346"], ndjson.Select(l => JsonNode.Parse(l)!["agent_username"]!.GetValue<string>()));
        Assert.Equal(3, CsvText.Parse(await admin.GetStringAsync("/api/calls/export?format=csv")).Rows.Count);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/recordings/r-collections")).StatusCode);
        foreach (var hidden in new[] { "/api/recordings/r-billing", "/api/recordings/r-orphan", "/api/recordings/r-billing/audio?segment=1", "/api/recordings/r-orphan/audio", "/api/agents/012345/sessions", "/api/agents/012345/states" })
        {
            Assert.True((await supervisor.GetAsync(hidden)).StatusCode == HttpStatusCode.NotFound, hidden);
        }

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/agents/012346/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/recordings/r-collections/audio?segment=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/recordings/r-orphan/audio?segment=1")).StatusCode);

        var from = CorrelationFeed.Iso(DateTimeOffset.UtcNow.AddHours(-1));
        var to = CorrelationFeed.Iso(DateTimeOffset.UtcNow.AddHours(1));
        var mine = await supervisor.GetJsonAsync($"/api/metrics/compliance?from={from}&to={to}");
        Assert.Equal((1, 1, 1), (mine["overall"]!["voiceDialogs"]!.GetValue<int>(), mine["overall"]!["recordings"]!.GetValue<int>(), mine["overall"]!["matchedRecordings"]!.GetValue<int>()));
        Assert.Equal(["Collections"], mine["byTeam"]!.AsArray().Select(t => t!["group"]!.GetValue<string>()));
        Assert.Equal(["5003"], mine["teams"]!.AsArray().Select(t => t!.GetValue<string>()));
        var all = await admin.GetJsonAsync($"/api/metrics/compliance?from={from}&to={to}");
        Assert.Equal((2, 3), (all["overall"]!["voiceDialogs"]!.GetValue<int>(), all["overall"]!["recordings"]!.GetValue<int>()));

        // Admin actions: an administrator (or an API key), never a supervisor; the cookie needs the forgery header.
        using (var hold = new HttpRequestMessage(HttpMethod.Put, "/api/recordings/r-collections/legal-hold") { Content = JsonContent.Create(new { reason = "complaint" }) })
        {
            hold.Headers.Add(AccountSession.ForgeryHeader, "1");
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.SendAsync(hold)).StatusCode);
        }

        using (var hold = new HttpRequestMessage(HttpMethod.Put, "/api/recordings/r-collections/legal-hold") { Content = JsonContent.Create(new { reason = "complaint" }) })
        {
            var refused = await admin.SendAsync(hold);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("csrf", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
        }

        using (var hold = new HttpRequestMessage(HttpMethod.Put, "/api/recordings/r-collections/legal-hold") { Content = JsonContent.Create(new { reason = "complaint 2026-118" }) })
        {
            hold.Headers.Add(AccountSession.ForgeryHeader, "1");
            Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(hold)).StatusCode);
        }

        Assert.Equal(["r-collections"], (await supervisor.GetJsonAsync("/api/legal-holds")).AsArray().Select(h => h!["recordingId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/audit")).StatusCode);
        var holdAudit = Assert.Single((await admin.GetJsonAsync("/api/audit?action=legal-hold")).AsArray());
        Assert.Equal(("admin", "account", "r-collections", "complaint 2026-118"), (holdAudit!["actor"]!.GetValue<string>(), holdAudit["via"]!.GetValue<string>(), holdAudit["target"]!.GetValue<string>(), holdAudit["details"]!["reason"]!.GetValue<string>()));
        Assert.Equal("admin", (await admin.GetJsonAsync("/api/recordings/r-collections"))["legalHold"]!["placedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Finesse_map_token_reads_only_its_supervised_teams_and_a_collector_token_reads_nothing()
    {
        await using var host = await TestHost.StartAsync();
        await TwoTeamSite.FeedAsync(host);
        var tokens = host.Services.GetRequiredService<AgentSessionTokens>();
        var (map, _) = tokens.Issue(new AgentSession("099001", null, AgentSessionClaims.Kinds.Supervisor, AuthModes.Finesse, ["Agent", "Supervisor", "Administrator", "administrator"], "5003", ["5002"], "https://finesse-a:8445", default));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        async Task<HttpResponseMessage> Bearer(string path, string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await http.SendAsync(request);
        }

        Assert.Equal(["012345"], Usernames(JsonNode.Parse(await (await Bearer("/api/agents", map)).Content.ReadAsStringAsync())!));
        Assert.Equal(["r-billing"], Recordings(JsonNode.Parse(await (await Bearer("/api/calls", map)).Content.ReadAsStringAsync())!));
        Assert.Equal(HttpStatusCode.NotFound, (await Bearer("/api/recordings/r-collections", map)).StatusCode);
        var me = JsonNode.Parse(await (await Bearer("/api/auth/me", map)).Content.ReadAsStringAsync())!;
        Assert.Equal(("099001", "finesse", false), (me["username"]!.GetValue<string>(), me["via"]!.GetValue<string>(), me["allTeams"]!.GetValue<bool>()));
        Assert.Equal(["5002"], me["teams"]!.AsArray().Select(t => t!.GetValue<string>()));

        // An <audio> element cannot send headers: the token goes in the query, on the audio path (and /hubs) only.
        var token = Uri.EscapeDataString(map);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/recordings/r-billing/audio?segment=1&access_token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/recordings/r-collections/audio?segment=1&access_token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/agents?access_token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/hubs/map/negotiate?negotiateVersion=1&access_token={token}", null)).StatusCode);

        // A collector token (Auth:Mode=Open issues one to anyone) and a map token Finesse did not vouch for read nothing.
        foreach (var purpose in new[] { "collector", "map" })
        {
            var issued = await http.PostAsJsonAsync("/api/agent-session", new { username = "012345", extension = "61001", purpose });
            var other = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.Forbidden, (await Bearer("/api/agents", other)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Bearer("/api/calls/export?format=csv", other)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Bearer("/api/auth/me", other)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/recordings/r-billing/audio?access_token={Uri.EscapeDataString(other)}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync($"/hubs/map/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(other)}", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/hubs/map/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Fact]
    public async Task A_playback_of_many_range_requests_is_audited_once_and_an_export_when_it_starts_and_completes()
    {
        await using var host = await TestHost.StartAsync();
        await TwoTeamSite.FeedAsync(host);
        await AccountSession.AddAccountAsync(host, "sup.collections", SupervisorPassword, "supervisor", "5003");
        using var supervisor = new AccountSession(host);
        await supervisor.SignInOkAsync("sup.collections", SupervisorPassword);

        foreach (var (from, to) in new (long, long?)[] { (0, 1), (0, null), (8000, 12043), (44, 4000) })
        {
            using var range = new HttpRequestMessage(HttpMethod.Get, "/api/recordings/r-collections/audio?segment=1");
            range.Headers.Range = new RangeHeaderValue(from, to);
            Assert.Equal(HttpStatusCode.PartialContent, (await supervisor.SendAsync(range)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/api/recordings/r-collections/audio?segment=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/recordings/r-billing/audio?segment=1")).StatusCode);
        var csv = await supervisor.GetStringAsync("/api/calls/export?format=csv&status=matched&extension=61002");
        Assert.Single(CsvText.Parse(csv).Rows);

        var playbacks = (await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=playback"))!;
        Assert.Equal([("sup.collections", "account"), ("api-key-0", "apikey")], playbacks.Select(p => (p!["actor"]!.GetValue<string>(), p["via"]!.GetValue<string>())));
        Assert.All(playbacks, p => Assert.Equal(("r-collections", 1), (p!["target"]!.GetValue<string>(), p["details"]!["segment"]!.GetValue<int>())));
        Assert.Equal("bytes=0-1", playbacks[0]!["details"]!["range"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", playbacks[0]!["client"]!.GetValue<string>());

        var exports = (await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=export&user=sup.collections"))!;
        Assert.Equal(["started", "completed"], exports.Select(e => e!["outcome"]!.GetValue<string>()));
        Assert.Equal(("csv", "matched", "61002", 1), (exports[1]!["details"]!["format"]!.GetValue<string>(), exports[1]!["details"]!["filters"]!["status"]!.GetValue<string>(), exports[1]!["details"]!["filters"]!["extension"]!.GetValue<string>(), exports[1]!["details"]!["rows"]!.GetValue<int>()));

        var (code, output, _) = await AccountSession.CliAsync(host, null, "audit", "--action", "playback", "--user", "sup.collections");
        Assert.Equal(0, code);
        var line = JsonNode.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal(("playback", "r-collections"), (line["action"]!.GetValue<string>(), line["target"]!.GetValue<string>()));
        Assert.Equal(2, (await AccountSession.CliAsync(host, null, "audit", "--from", "2026-04-21T00:00:00Z", "--to", "2026-04-20T00:00:00Z")).Code);
    }

    [Fact]
    public async Task The_map_may_be_framed_by_Finesse_only_and_a_signed_out_visitor_is_sent_to_sign_in()
    {
        await using var host = await TestHost.StartAsync("--Finesse:Servers:0=https://finesse-a.example:8445", "--Finesse:AllowedOrigins:0=https://finesse.example.com");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        async Task<HttpResponseMessage> Navigate(string path, string destination)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Sec-Fetch-Dest", destination);
            return await http.SendAsync(request);
        }

        var framed = await Navigate("/", "iframe");
        Assert.Equal(HttpStatusCode.OK, framed.StatusCode);
        Assert.Equal("frame-ancestors 'self' https://finesse-a.example:8445 https://finesse.example.com", Assert.Single(framed.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(framed.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(framed.Headers.Contains("X-Frame-Options"));

        var tab = await Navigate("/?view=calls", "document");
        Assert.Equal(HttpStatusCode.Redirect, tab.StatusCode);
        Assert.Equal("/signin.html?returnUrl=%2F%3Fview%3Dcalls", tab.Headers.Location!.OriginalString);

        var page = await Navigate("/signin.html", "document");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self' https://finesse-a.example:8445", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single((await http.GetAsync("/api/settings")).Headers.GetValues("X-Content-Type-Options")));

        await AccountSession.AddAccountAsync(host, "admin", AdminPassword, "administrator");
        using var browser = new AccountSession(host);
        await browser.SignInOkAsync("admin", AdminPassword);
        using var signedInTab = new HttpRequestMessage(HttpMethod.Get, "/");
        signedInTab.Headers.Add("Sec-Fetch-Dest", "document");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(signedInTab)).StatusCode);

        // The hub takes the cookie only from this server's own pages (cross-site WebSocket hijacking).
        foreach (var (origin, expected) in new[] { ("https://evil.example", HttpStatusCode.Forbidden), (host.BaseUrl, HttpStatusCode.OK) })
        {
            using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/map/negotiate?negotiateVersion=1");
            negotiate.Headers.Add("Origin", origin);
            Assert.Equal(expected, (await browser.SendAsync(negotiate)).StatusCode);
        }
    }

    [Fact]
    public async Task Open_mode_lets_anyone_read_everything_and_says_so()
    {
        await using var host = await TestHost.StartAsync("--Access:Mode=Open");
        await TwoTeamSite.FeedAsync(host);
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var me = JsonNode.Parse(await anonymous.GetStringAsync("/api/auth/me"))!;
        Assert.Equal(("open", true, true), (me["via"]!.GetValue<string>(), me["allTeams"]!.GetValue<bool>(), me["openWarning"]!.GetValue<bool>()));
        Assert.Equal(["012345", "012346"], Usernames(JsonNode.Parse(await anonymous.GetStringAsync("/api/agents"))!));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/recordings/r-orphan/audio")).StatusCode);
        var playback = Assert.Single((await host.Http.GetFromJsonAsync<JsonArray>("/api/audit?action=playback"))!);
        Assert.Equal(("open", null), (playback!["via"]!.GetValue<string>(), playback["actor"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("--Access:Mode=Acounts", "Access:Mode")]
    [InlineData("--Access:SessionMaxLifetime=00:10:00", "Access:SessionMaxLifetime")]
    [InlineData("--Access:LockoutThreshold=0", "Access:LockoutThreshold")]
    public void A_bad_access_setting_stops_the_start_and_names_the_key(string setting, string key)
    {
        var directory = Path.Combine(Path.GetTempPath(), "correlationhub-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // The host checks the settings while it is built (it announces Open modes), before anything listens.
            var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => CorrelationHub.Web.CorrelationHubApp.Build(["--urls", "http://127.0.0.1:0", "--Sip:ListenAddress=127.0.0.1", "--Sip:EphemeralPorts=true", $"--Storage:ConnectionString=Data Source={Path.Combine(directory, "db")}", $"--Recording:Directory={directory}", "--Logging:LogLevel:Default=None", setting]));
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string[] Usernames(JsonNode agents) => [.. agents.AsArray().Select(a => a!["username"]!.GetValue<string>())];

    private static string[] Recordings(JsonNode calls) => [.. calls.AsArray().Select(c => c!["recording_id"]?.GetValue<string>() ?? "(none)")];
}
