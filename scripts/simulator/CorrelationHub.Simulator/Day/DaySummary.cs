using System.Globalization;
using System.Text;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Day;

/// <summary>A human summary of a generated day (what is in it, which faults, what the truth expects).</summary>
public static class DaySummary
{
    public static string Render(DayPlan day, IReadOnlyList<TruthSegment> truth)
    {
        var text = new StringBuilder();
        var wall = TimeSpan.FromMilliseconds(day.LengthSim / day.Speed);
        text.AppendLine(CultureInfo.InvariantCulture, $"site {day.Site.Name}: {day.Agents.Count} agents, {day.Calls.Count} calls, {TimeSpan.FromMilliseconds(day.LengthSim):hh\\:mm\\:ss} simulated at speed {day.Speed} = {wall:hh\\:mm\\:ss} wall");
        text.AppendLine(CultureInfo.InvariantCulture, $"  calls by scenario: {string.Join(", ", day.Calls.GroupBy(c => c.Scenario).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}");
        var downgraded = day.Calls.Count(c => c.Downgraded is not null);
        text.AppendLine(CultureInfo.InvariantCulture, $"  repeat callers {day.Calls.Count(c => c.RepeatCaller)}, downgraded (no free second agent) {downgraded}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  recordings {day.Recordings.Count}, segments {truth.Count}: {string.Join(", ", truth.GroupBy(t => t.Style).Select(g => $"{g.Key} {g.Count()}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  gadget events {day.Gadget.Count}: lost {day.Gadget.Count(g => g.Lost)}, delayed {day.Gadget.Count(g => g.Delayed)}, duplicated {day.Gadget.Count(g => g.Duplicated)}; agents on HTTP fallback {day.Agents.Count(a => a.UsesHttpFallback)}, clocks off >5 s {day.Agents.Count(a => Math.Abs(a.ClockDriftMs) >= 5_000)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  segment faults: lost BYE {truth.Count(t => t.Faults.Contains("lost_bye"))}, missing leg {truth.Count(t => t.Faults.Contains("missing_leg"))}, SRTP {truth.Count(t => t.Faults.Contains("srtp"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  truth expects: {string.Join(", ", truth.GroupBy(t => t.Expected).Select(g => $"{g.Key} {g.Count()}"))}");
        return text.ToString();
    }
}
