using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Gadget;
using CorrelationHub.Simulator.Play;
using CorrelationHub.Simulator.Site;

namespace CorrelationHub.Simulator.Tests;

/// <summary>Every event the simulated gadgets send must pass the product's own validation (docs/contracts.md §3).</summary>
public class GadgetEventContractTests
{
    [Fact]
    public void Every_generated_event_is_accepted_by_the_products_event_reader()
    {
        var day = new DayGenerator(new SiteDescription { Calls = 150, DayHours = 1, Agents = new AgentSection { Count = 20 } }, 10).Generate();
        var time = new TimeMap(DateTimeOffset.Parse("2026-04-20T08:00:00Z"), 10, 40);

        foreach (var action in day.Gadget)
        {
            using var json = JsonDocument.Parse(GadgetEventJson.Render(action, time, time.Wall(action.AtSim)).ToJsonString());
            var (parsed, error) = AgentEventReader.Read(json.RootElement, () => Guid.NewGuid().ToString());
            Assert.True(error is null, $"{action.Kind} {action.Change}: {error?.Field}: {error?.Message}");
            Assert.Equal(action.EventId.ToString(), parsed!.EventId);
        }

        Assert.Contains(day.Gadget, g => g.Kind == GadgetKind.Login);
        Assert.Contains(day.Gadget, g => g.Kind == GadgetKind.Logout);
        Assert.Contains(day.Gadget, g => g.Change == "removed");
    }

    [Fact]
    public void Finesse_times_are_server_times_and_client_time_carries_the_pc_clock_drift()
    {
        var agent = new AgentIdentity("012345", "Bob", "Bobster", "5002", "Billing", "5031", false, ClockDriftMs: 90_000);
        var action = new GadgetAction
        {
            AtSim = 60_000,
            DelayMs = 100,
            Agent = agent,
            Extension = "61001",
            Kind = GadgetKind.State,
            EventId = Guid.NewGuid(),
            State = "TALKING",
            Sequence = 0,
        };
        var time = new TimeMap(DateTimeOffset.Parse("2026-04-20T08:00:00Z"), Speed: 10, FinesseClockOffsetMs: 40);

        var json = GadgetEventJson.Render(action, time, DateTimeOffset.Parse("2026-04-20T08:00:06.100Z"));

        // 60 s simulated at speed 10 = 6 s after the origin, plus the Finesse clock offset; the PC clock is 90 s ahead.
        Assert.Equal("2026-04-20T08:00:06.040Z", (string?)json["stateChangeTime"]);
        Assert.Equal("2026-04-20T08:01:36.100Z", (string?)json["clientTime"]);
        Assert.Equal(90_000, (long?)json["clientDriftMs"]);
    }
}
