using System.Net;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Access:Mode=Accounts (the default): the API answers only with a configured X-Api-Key.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData("/api/agents")]
    [InlineData("/api/calls")]
    [InlineData("/api/calls/export?format=csv")]
    [InlineData("/api/recordings/any")]
    public async Task Api_needs_a_known_api_key(string path)
    {
        await using var host = await TestHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);

        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "wrong-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);

        var response = await host.Http.GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Health_is_open_and_reports_the_bound_sip_ports()
    {
        await using var host = await TestHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var ready = await anonymous.GetStringAsync("/health/ready");
        Assert.Contains($"\"tcp\":\"{host.SipTcp}\"", ready);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }
}
