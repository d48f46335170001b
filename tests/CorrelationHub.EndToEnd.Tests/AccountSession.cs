using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Web.Hosting;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// A browser-like client of a real host: keeps the sign-in cookie itself (so a test can read its attributes and replay
/// it after sign-out), and sends the request-forgery header only when asked to.
/// </summary>
public sealed class AccountSession : IDisposable
{
    public const string ForgeryHeader = "X-CorrelationHub-Request";

    private readonly HttpClient _http;

    public AccountSession(TestHost host)
    {
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The <c>name=value</c> of the session cookie, once signed in.</summary>
    public string? Cookie { get; set; }

    /// <summary>The last Set-Cookie header for the session cookie.</summary>
    public string? SetCookie { get; private set; }

    /// <summary>Creates an account with the command line against the host's database; the password goes on stdin.</summary>
    public static async Task<(int Code, string Output, string Error)> CliAsync(TestHost host, string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? string.Empty);
        var code = await CommandLine.RunAsync([.. args, $"--Storage:ConnectionString=Data Source={Path.Combine(host.Directory, "correlationhub.db")}"], input, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static async Task AddAccountAsync(TestHost host, string username, string password, string role, string? teams = null)
    {
        string[] args = teams is null ? ["accounts", "add", username, "--role", role] : ["accounts", "add", username, "--role", role, "--teams", teams];
        var (code, _, error) = await CliAsync(host, password + "\n", args);
        Assert.True(code == 0, error);
    }

    public async Task<HttpResponseMessage> SignInAsync(string username, string password, bool withHeader = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { username, password }) };
        if (withHeader)
        {
            request.Headers.Add(ForgeryHeader, "1");
        }

        var response = await SendAsync(request);
        Remember(response);
        return response;
    }

    public async Task SignInOkAsync(string username, string password)
    {
        var response = await SignInAsync(username, password);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<string> GetStringAsync(string path)
    {
        var response = await GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task<JsonNode> GetJsonAsync(string path) => JsonNode.Parse(await GetStringAsync(path))!;

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        var response = await _http.SendAsync(request);
        Remember(response);
        return response;
    }

    public void Dispose() => _http.Dispose();

    private void Remember(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values.Where(v => v.StartsWith("CorrelationHub.Session=", StringComparison.Ordinal)))
        {
            SetCookie = value;
            var pair = value.Split(';')[0];
            Cookie = pair.EndsWith('=') ? null : pair;
        }
    }
}
