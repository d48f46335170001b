using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Drain over HTTP before maintenance: OPTIONS and new INVITEs get 503 (sipp sees it), then back to normal.</summary>
public sealed class SipDrainTests
{
    [Fact]
    public async Task Drain_is_switched_with_an_api_key_and_cube_sees_503_until_it_is_lifted()
    {
        await using var host = await TestHost.StartAsync();
        using (var anonymous = new HttpClient { BaseAddress = host.Http.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/sip/drain", null)).StatusCode);
        }

        var drained = await (await host.Http.PostAsync("/api/sip/drain", null)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(drained!["draining"]!.GetValue<bool>());
        var result = await Sipp.RunAsync("options-drain.xml", host.SipUdp, "u1", "-m", "1");
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var lifted = await (await host.Http.DeleteAsync("/api/sip/drain")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(lifted!["draining"]!.GetValue<bool>());
        result = await Sipp.RunAsync("options-ping.xml", host.SipUdp, "u1", "-m", "1");
        Assert.True(result.ExitCode == 0, $"sipp failed ({result.ExitCode}):\n{result.Output}");

        var status = await host.Http.GetFromJsonAsync<JsonObject>("/api/sip/status");
        Assert.Equal(0, status!["dialogs"]!.GetValue<int>());
    }
}
