using System.Globalization;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Numbers;

namespace CorrelationHub.Correlation.Matching;

/// <summary>
/// Links recording segments to Finesse dialogs by evidence (architecture decision 3): same agent extension, the
/// agent connected on the dialog while the segment was recorded, segment start close to the connect time, and the
/// far-end number. Deterministic: the same facts always give the same links.
/// </summary>
public sealed class CorrelationEngine
{
    private readonly CorrelationOptions _options;
    private readonly PhoneNumberNormalizer _numbers;

    public CorrelationEngine(CorrelationOptions options)
    {
        _options = options;
        _numbers = new PhoneNumberNormalizer(options.NumberPlan);
    }

    /// <param name="now">Where open intervals end (the time of evaluation).</param>
    public IReadOnlyList<SegmentLink> Correlate(IReadOnlyList<SegmentFacts> segments, IReadOnlyList<DialogCandidate> dialogs, DateTimeOffset now)
    {
        var links = new List<SegmentLink>(segments.Count);
        foreach (var segment in segments.OrderBy(s => s.RecordingId, StringComparer.Ordinal).ThenBy(s => s.SegmentIndex))
        {
            links.Add(Link(segment, dialogs, now));
        }

        return links;
    }

    private SegmentLink Link(SegmentFacts segment, IReadOnlyList<DialogCandidate> dialogs, DateTimeOffset now)
    {
        var scored = new List<(DialogCandidate Dialog, double Score, string Evidence)>();
        var range = new TimeRange(segment.Start, segment.End);
        var slack = TimeSpan.FromSeconds(_options.SlackSeconds);
        foreach (var dialog in dialogs)
        {
            if (segment.AgentExtension is null || !string.Equals(dialog.Extension, segment.AgentExtension, StringComparison.Ordinal) || dialog.Connected.Count == 0)
            {
                continue;
            }

            var overlap = TimeSpan.Zero;
            var closestStart = TimeSpan.MaxValue;
            foreach (var connected in dialog.Connected)
            {
                overlap += connected.OverlapWith(range, now);
                var distance = (connected.Start - segment.Start).Duration();
                closestStart = distance < closestStart ? distance : closestStart;
            }

            var length = ((segment.End ?? now) - segment.Start).TotalSeconds;
            var overlapRatio = Math.Clamp(overlap.TotalSeconds / Math.Max(1, length), 0, 1);
            if (overlapRatio == 0 && closestStart > slack)
            {
                continue;
            }

            // Start proximity: 1 when the segment starts as the agent connects, half at 5 s apart.
            var proximity = Math.Pow(0.5, closestStart.TotalSeconds / 5);
            var sameNumber = _numbers.Same(segment.FarEndAddress, dialog.FarEndNumber);
            var numberScore = sameNumber switch
            {
                true => 1.0,
                false => 0.0,
                null => 0.5,
            };
            var score = (0.55 * overlapRatio) + (0.25 * proximity) + (0.20 * numberScore);
            var evidence = string.Create(CultureInfo.InvariantCulture, $"dialog {dialog.DialogId}: extension {dialog.Extension}, overlap {overlapRatio:P0}, start {closestStart.TotalSeconds:F1}s apart, far end {(sameNumber switch { true => "same", false => "different", null => "unknown" })}");
            scored.Add((dialog, score, evidence));
        }

        if (scored.Count == 0)
        {
            var why = segment.AgentExtension is null ? "no agent extension on the recording" : $"no dialog on extension {segment.AgentExtension} near the recording time";
            return new SegmentLink(segment.RecordingId, segment.SegmentIndex, null, MatchStatus.UnmatchedRecording, 0, why);
        }

        var ranked = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Dialog.DialogId, StringComparer.Ordinal).ToList();
        var best = ranked[0];
        if (ranked.Count > 1 && best.Score - ranked[1].Score < _options.AmbiguityMargin)
        {
            var second = ranked[1];
            var confidence = Math.Round(best.Score / (best.Score + second.Score), 3);
            return new SegmentLink(segment.RecordingId, segment.SegmentIndex, best.Dialog.DialogId, MatchStatus.Ambiguous, confidence, $"ambiguous between {best.Evidence} and {second.Evidence}");
        }

        var margin = ranked.Count > 1 ? best.Score - ranked[1].Score : best.Score;
        var matchedConfidence = Math.Round(Math.Clamp(best.Score * (0.5 + (0.5 * Math.Min(1, margin / 0.5))), 0, 1), 3);
        return new SegmentLink(segment.RecordingId, segment.SegmentIndex, best.Dialog.DialogId, MatchStatus.Matched, matchedConfidence, best.Evidence);
    }
}
