using System.Globalization;
using System.Text;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Accuracy;

/// <summary>One truth segment judged against the export.</summary>
public sealed record Judgement(TruthSegment Truth, string Outcome, Dictionary<string, string>? Row, double Confidence);

/// <summary>Counts of one report row (a scenario type, a recording style or a fault).</summary>
public sealed class Tally
{
    public int Segments { get; set; }

    public Dictionary<string, int> Outcomes { get; } = [];

    public int ConfidentWrong { get; set; }

    public int Count(string outcome) => Outcomes.GetValueOrDefault(outcome);

    public void Add(Judgement judgement)
    {
        Segments++;
        Outcomes[judgement.Outcome] = Count(judgement.Outcome) + 1;
        if (judgement.Outcome is Outcome.Wrong && judgement.Confidence >= 0.9)
        {
            ConfidentWrong++;
        }
    }
}

/// <summary>The accuracy and compliance report, and whether it meets the targets.</summary>
public sealed class AccuracyReport
{
    public required IReadOnlyList<Judgement> Judgements { get; init; }

    public required Dictionary<string, Tally> ByScenario { get; init; }

    public required Dictionary<string, Tally> ByStyle { get; init; }

    public required Dictionary<string, Tally> ByFault { get; init; }

    public required Dictionary<string, Tally> ByExpectation { get; init; }

    public required Tally Total { get; init; }

    public required double RecordingSuccessRate { get; init; }

    public required double MetadataMatchRate { get; init; }

    public required double[] LatencyMs { get; init; }

    public required int TruthDialogs { get; init; }

    public required int DialogsWithRightLink { get; init; }

    public required int UnexpectedExportRows { get; init; }

    public double CorrectRate => Total.Segments == 0 ? 0 : (double)Total.Count(Outcome.Correct) / Total.Segments;

    public int UndecidableNotFlagged => ByExpectation.TryGetValue("ambiguous", out var t) ? t.Segments - t.Count(Outcome.Correct) : 0;

    public bool MeetsTargets(double minCorrect) => CorrectRate * 100 >= minCorrect && Total.ConfidentWrong == 0 && UndecidableNotFlagged == 0;

    public string Render(double minCorrect)
    {
        var text = new StringBuilder();
        text.AppendLine("Recordings (segments) by scenario type: correct = linked to the true dialog, or flagged ambiguous/unmatched where the evidence cannot decide");
        Table(text, "scenario", ByScenario);
        text.AppendLine();
        Table(text, "recording style", ByStyle);
        text.AppendLine();
        Table(text, "fault", ByFault);
        text.AppendLine();
        Table(text, "truth expects", ByExpectation);
        text.AppendLine();
        text.AppendLine("Compliance");
        text.AppendLine(Invariant($"  recording success rate   {RecordingSuccessRate:P2}  (segments found in the export with audio)"));
        text.AppendLine(Invariant($"  metadata match rate      {MetadataMatchRate:P2}  (refci, segment index and far end as sent)"));
        text.AppendLine(LatencyLine());
        text.AppendLine(Invariant($"  dialogs with a right link {DialogsWithRightLink} of {TruthDialogs} ({(TruthDialogs == 0 ? 0 : (double)DialogsWithRightLink / TruthDialogs):P2})"));
        text.AppendLine(Invariant($"  export rows with a recording not from the simulator: {UnexpectedExportRows}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Linked correctly: {Total.Count(Outcome.Correct)} of {Total.Segments} = {CorrectRate:P2} (target >= {minCorrect.ToString(CultureInfo.InvariantCulture)}%)"));
        text.AppendLine(Invariant($"Wrong links with confidence >= 0.9: {Total.ConfidentWrong} (target 0)"));
        text.AppendLine(Invariant($"Undecidable segments not flagged ambiguous: {UndecidableNotFlagged} (target 0)"));
        text.AppendLine(MeetsTargets(minCorrect) ? "RESULT: targets met" : "RESULT: targets NOT met");
        return text.ToString();
    }

    public string Examples(int perOutcome)
    {
        var text = new StringBuilder();
        foreach (var group in Judgements.Where(j => j.Outcome != Outcome.Correct).GroupBy(j => (j.Outcome, j.Truth.Scenario, j.Truth.Phase)).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(Invariant($"{group.Key.Outcome} — {group.Key.Scenario}/{group.Key.Phase}: {group.Count()}"));
            foreach (var j in group.Take(perOutcome))
            {
                var t = j.Truth;
                var row = j.Row is null ? "no export row" :
                    $"export: status={j.Row.GetValueOrDefault("match_status")} dialog={j.Row.GetValueOrDefault("dialog_id")} confidence={j.Row.GetValueOrDefault("match_confidence")} reason=\"{j.Row.GetValueOrDefault("match_reason")}\"";
                text.AppendLine(Invariant($"    {t.RecordingKey}#{t.SegmentIndex} refci={t.Refci} ext={t.Extension} far={t.FarEndAddress} truth dialog={t.DialogId} user={t.Username} expects={t.Expected} faults=[{string.Join(',', t.Faults)}] sip={t.SipOutcome}"));
                text.AppendLine("      " + row);
            }
        }

        return text.ToString();
    }

    private string LatencyLine()
    {
        if (LatencyMs.Length == 0)
        {
            return "  recording latency        n/a";
        }

        var sorted = LatencyMs.Order().ToArray();
        double P(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return Invariant($"  recording latency        p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, max {sorted[^1]:F0} ms  (agent connected in Finesse -> recording start in the export)");
    }

    private static void Table(StringBuilder text, string title, Dictionary<string, Tally> rows)
    {
        text.AppendLine(Invariant($"  {title,-22} {"segments",8} {"correct",8} {"wrong",6} {"(>=0.9)",8} {"ambig.",7} {"unmatch.",8} {"!ambig.",8} {"missed",7}"));
        foreach (var (name, tally) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.AppendLine(Invariant($"  {name,-22} {tally.Segments,8} {tally.Count(Outcome.Correct),8} {tally.Count(Outcome.Wrong),6} {tally.ConfidentWrong,8} {tally.Count(Outcome.Ambiguous),7} {tally.Count(Outcome.Unmatched),8} {tally.Count(Outcome.ShouldBeAmbiguous),8} {tally.Count(Outcome.Missed),7}"));
        }
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
