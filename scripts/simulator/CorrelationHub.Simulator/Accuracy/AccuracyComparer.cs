using System.Globalization;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Accuracy;

/// <summary>
/// Compares the export (docs/contracts.md §5, one row per dialog–segment link) with the truth file. A truth segment finds its
/// row by refci and segment_index (CUCM and media-proxy legs; SIPREC when the product reads the CI from the
/// sipSessionID), otherwise by the nearest recording_start_utc within 2.5 s of the INVITE with the same far end.
/// </summary>
public static class AccuracyComparer
{
    private static readonly TimeSpan TimeJoin = TimeSpan.FromSeconds(2.5);

    public static AccuracyReport Compare(IReadOnlyList<TruthSegment> truth, IReadOnlyList<Dictionary<string, string>> export)
    {
        var recordingRows = export.Where(r => !string.IsNullOrEmpty(r.GetValueOrDefault("recording_id"))).ToList();
        var byRefci = recordingRows.Where(r => !string.IsNullOrEmpty(r.GetValueOrDefault("refci")))
            .GroupBy(r => (r["refci"], r.GetValueOrDefault("segment_index") ?? string.Empty))
            .ToDictionary(g => g.Key, g => g.ToList());
        var used = new HashSet<Dictionary<string, string>>(ReferenceEqualityComparer.Instance);
        var judgements = new List<Judgement>();
        var latencies = new List<double>();
        var found = 0;
        var metadataMatches = 0;
        foreach (var segment in truth)
        {
            var rows = byRefci.GetValueOrDefault((segment.Refci, segment.SegmentIndex.ToString(CultureInfo.InvariantCulture))) ?? ByTime(segment, recordingRows, used);
            foreach (var row in rows)
            {
                used.Add(row);
            }

            var row0 = rows.FirstOrDefault(r => r.GetValueOrDefault("dialog_id") == segment.DialogId) ?? rows.FirstOrDefault();
            if (row0 is not null)
            {
                found++;
                if (MetadataMatches(segment, row0))
                {
                    metadataMatches++;
                }

                if (Time(row0.GetValueOrDefault("recording_start_utc")) is { } recorded && Time(segment.ConnectedUtc) is { } connected)
                {
                    latencies.Add((recorded - connected).TotalMilliseconds);
                }
            }

            judgements.Add(Judge(segment, row0));
        }

        var dialogs = truth.Where(t => t.DialogId is not null).GroupBy(t => t.DialogId!).ToList();
        var rightDialogs = judgements.Where(j => j.Outcome == Outcome.Correct && j.Truth.Expected == "matched").Select(j => j.Truth.DialogId).ToHashSet();
        return new AccuracyReport
        {
            Judgements = judgements,
            ByScenario = TallyBy(judgements, j => [j.Truth.Scenario]),
            ByStyle = TallyBy(judgements, j => [j.Truth.Style]),
            ByFault = TallyBy(judgements, j => j.Truth.Faults.Count == 0 ? ["none"] : j.Truth.Faults),
            ByExpectation = TallyBy(judgements, j => [j.Truth.Expected]),
            Total = judgements.Aggregate(new Tally(), (t, j) => { t.Add(j); return t; }),
            RecordingSuccessRate = truth.Count == 0 ? 0 : (double)judgements.Count(j => j.Row is not null && HasAudio(j.Row)) / truth.Count,
            MetadataMatchRate = found == 0 ? 0 : (double)metadataMatches / found,
            LatencyMs = [.. latencies],
            TruthDialogs = dialogs.Count,
            DialogsWithRightLink = dialogs.Count(d => rightDialogs.Contains(d.Key)),
            UnexpectedExportRows = recordingRows.Count(r => !used.Contains(r)),
        };
    }

    public static Judgement Judge(TruthSegment truth, Dictionary<string, string>? row)
    {
        if (row is null)
        {
            return new Judgement(truth, Outcome.Missed, null, 0);
        }

        var status = row.GetValueOrDefault("match_status") ?? string.Empty;
        var dialog = row.GetValueOrDefault("dialog_id");
        var confidence = double.TryParse(row.GetValueOrDefault("match_confidence"), NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var outcome = (truth.Expected, status) switch
        {
            ("matched", "matched") => dialog == truth.DialogId ? Outcome.Correct : Outcome.Wrong,
            ("matched", "ambiguous") => Outcome.Ambiguous,
            ("matched", _) => Outcome.Unmatched,
            ("ambiguous", "ambiguous") => Outcome.Correct,
            ("ambiguous", "matched") => dialog == truth.DialogId || truth.TwinDialogIds.Contains(dialog ?? string.Empty) ? Outcome.ShouldBeAmbiguous : Outcome.Wrong,
            ("ambiguous", _) => Outcome.Unmatched,
            (_, "matched") => dialog == truth.DialogId ? Outcome.Correct : Outcome.Wrong,
            _ => Outcome.Correct,
        };
        return new Judgement(truth, outcome, row, confidence);
    }

    private static List<Dictionary<string, string>> ByTime(TruthSegment segment, List<Dictionary<string, string>> rows, HashSet<Dictionary<string, string>> used)
    {
        if (Time(segment.InviteSentUtc) is not { } sent)
        {
            return [];
        }

        var best = rows
            .Where(r => !used.Contains(r) && (string.IsNullOrEmpty(r.GetValueOrDefault("refci")) || r.GetValueOrDefault("refci") == segment.Refci))
            .Where(r => EvidenceAnalyzer.SameNumber(r.GetValueOrDefault("far_end_address"), segment.FarEndAddress) || string.IsNullOrEmpty(r.GetValueOrDefault("far_end_address")))
            .Select(r => (Row: r, Distance: Time(r.GetValueOrDefault("recording_start_utc")) is { } start ? (start - sent).Duration() : TimeSpan.MaxValue))
            .Where(x => x.Distance <= TimeJoin)
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        if (best.Row is null)
        {
            return [];
        }

        var recordingId = best.Row["recording_id"];
        var index = best.Row.GetValueOrDefault("segment_index");
        return [.. rows.Where(r => r["recording_id"] == recordingId && r.GetValueOrDefault("segment_index") == index)];
    }

    private static bool MetadataMatches(TruthSegment truth, Dictionary<string, string> row) =>
        (truth.Style == "siprec" || row.GetValueOrDefault("refci") == truth.Refci)
        && row.GetValueOrDefault("segment_index") == truth.SegmentIndex.ToString(CultureInfo.InvariantCulture)
        && EvidenceAnalyzer.SameNumber(row.GetValueOrDefault("far_end_address"), truth.FarEndAddress);

    private static bool HasAudio(Dictionary<string, string> row) =>
        double.TryParse(row.GetValueOrDefault("recording_seconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0;

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static Dictionary<string, Tally> TallyBy(IEnumerable<Judgement> judgements, Func<Judgement, IEnumerable<string>> keys)
    {
        var result = new Dictionary<string, Tally>();
        foreach (var judgement in judgements)
        {
            foreach (var key in keys(judgement))
            {
                if (!result.TryGetValue(key, out var tally))
                {
                    tally = new Tally();
                    result[key] = tally;
                }

                tally.Add(judgement);
            }
        }

        return result;
    }
}
