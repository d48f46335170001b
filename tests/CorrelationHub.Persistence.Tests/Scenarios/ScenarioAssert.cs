using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CorrelationHub.Persistence.Records;

namespace CorrelationHub.Persistence.Tests.Scenarios;

/// <summary>Compares export rows with a scenario's expectations: the exact set of rows, each with its status, agent and confidence band.</summary>
public static class ScenarioAssert
{
    public static void Matches(Scenario scenario, IReadOnlyList<CallRecord> rows)
    {
        var actual = rows.ToDictionary(Key, r => r);
        var expected = scenario.Expect.Select(e => e!.AsObject()).ToDictionary(ExpectedKey, e => e);
        var problems = new List<string>();
        foreach (var (key, expectation) in expected)
        {
            if (!actual.TryGetValue(key, out var row))
            {
                problems.Add($"missing row {key}");
                continue;
            }

            var status = (string)expectation["status"]!;
            if (row.MatchStatus != status)
            {
                problems.Add($"{key}: status {row.MatchStatus}, expected {status}");
            }

            if (expectation.ContainsKey("agent") && row.AgentUsername != expectation["agent"]?.GetValue<string>())
            {
                problems.Add($"{key}: agent {row.AgentUsername ?? "(none)"}, expected {expectation["agent"]?.GetValue<string>() ?? "(none)"}");
            }

            if (expectation["confidence"] is JsonArray band)
            {
                var low = band[0]!.GetValue<double>();
                var high = band[1]!.GetValue<double>();
                if (row.MatchConfidence is not { } confidence || confidence < low || confidence > high)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: confidence {row.MatchConfidence}, expected [{low}, {high}]"));
                }
            }

            foreach (var part in expectation["reasonMentions"]?.AsArray() ?? [])
            {
                if (row.MatchReason?.Contains(part!.GetValue<string>(), StringComparison.Ordinal) != true)
                {
                    problems.Add($"{key}: reason does not mention '{part}'");
                }
            }
        }

        foreach (var key in actual.Keys.Where(k => !expected.ContainsKey(k)))
        {
            problems.Add($"unexpected row {key} ({actual[key].MatchStatus})");
        }

        Assert.True(problems.Count == 0, $"{scenario.Name}:\n  {string.Join("\n  ", problems)}\n{Describe(rows)}");
    }

    /// <summary>Two runs concluded the same: same rows, statuses, agents, confidences and reasons.</summary>
    public static void Same(string what, IReadOnlyList<CallRecord> expected, IReadOnlyList<CallRecord> actual)
    {
        static string Line(CallRecord r) => string.Create(CultureInfo.InvariantCulture, $"{Key(r)} {r.MatchStatus} {r.AgentUsername} {r.MatchConfidence:0.000} {r.MatchReason}");
        var left = expected.Select(Line).Order(StringComparer.Ordinal).ToList();
        var right = actual.Select(Line).Order(StringComparer.Ordinal).ToList();
        Assert.True(left.SequenceEqual(right), $"{what} differs:\nexpected:\n  {string.Join("\n  ", left)}\nactual:\n  {string.Join("\n  ", right)}");
    }

    public static string Describe(IEnumerable<CallRecord> rows)
    {
        var text = new StringBuilder("export rows:\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Key(r)} {r.MatchStatus} agent={r.AgentUsername} conf={r.MatchConfidence:0.000} reason={r.MatchReason}\n");
        }

        return text.ToString();
    }

    private static string Key(CallRecord row) => row.RecordingId is null
        ? $"dialog {row.DialogId}@{row.Extension}"
        : $"{row.RecordingId}/{row.SegmentIndex}/{row.DialogId ?? "-"}";

    private static string ExpectedKey(JsonObject e) => e["recording"] is null
        ? $"dialog {(string)e["dialog"]!}@{(string)e["extension"]!}"
        : $"{(string)e["recording"]!}/{e["segment"]?.GetValue<int>() ?? 1}/{e["dialog"]?.GetValue<string>() ?? "-"}";
}
