using System.Globalization;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Numbers;
using CorrelationHub.Correlation.Timeline;

namespace CorrelationHub.Correlation.Matching;

/// <summary>
/// Links recording segments to Finesse dialog legs by evidence (docs/architecture.md, decision D3). For each segment the
/// hypotheses are: each voice leg on the segment's extension near its time (or sharing an exact key), each consult
/// chain of such legs that the segment spans, and "a dialog no gadget reported". Their posterior probabilities come
/// from the evidence's likelihood ratios and the priors; the confidence of a link is that posterior. When a second
/// hypothesis is too close to the best, the segment is ambiguous and every close candidate is named. A deterministic
/// function of its input: the same facts always give the same links.
/// </summary>
public sealed class CorrelationEngine
{
    /// <summary>No link claims more than this without an exact key (the model is a model).</summary>
    public const double MaximumConfidence = 0.999;

    private const double SiblingBonus = 1.5;
    private const double SiblingConfidence = 0.8;
    private const double ChainPrior = 0.5;

    private readonly CorrelationOptions _options;
    private readonly EvidenceScorer _scorer;

    public CorrelationEngine(CorrelationOptions options)
    {
        _options = options;
        _scorer = new EvidenceScorer(options, new PhoneNumberNormalizer(options.NumberPlan));
    }

    public IReadOnlyList<SegmentLink> Correlate(CorrelationInput input)
    {
        var legsByExtension = input.Legs.Where(l => l.IsVoice).GroupBy(l => l.Extension, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => LineOwnership.Apply([.. g.OrderBy(l => l.DialogId, StringComparer.Ordinal)], input.Now), StringComparer.Ordinal);

        // Extensions are independent (a recording and its candidates are on one extension): they run in parallel,
        // and the result is put in a fixed order, so it is the same however the work was scheduled.
        var byExtension = input.Segments.GroupBy(s => s.AgentExtension ?? string.Empty, StringComparer.Ordinal).ToList();
        var results = new List<SegmentLink>[byExtension.Count];
        Parallel.For(0, byExtension.Count, i => results[i] = CorrelateExtension([.. byExtension[i]], legsByExtension, input.Sessions, input.Now));
        return [.. results.SelectMany(r => r).OrderBy(l => l.RecordingId, StringComparer.Ordinal).ThenBy(l => l.SegmentIndex).ThenBy(l => l.Rank)];
    }

    private List<SegmentLink> CorrelateExtension(List<SegmentFacts> segments, Dictionary<string, List<DialogLeg>> legsByExtension, IReadOnlyList<AgentSession> sessions, DateTimeOffset now)
    {
        var ordered = segments.OrderBy(s => s.RecordingId, StringComparer.Ordinal).ThenBy(s => s.SegmentIndex).ToList();

        // Pass 1: each segment on its own.
        var first = new Dictionary<(string, int), HypothesisSet>();
        foreach (var segment in ordered)
        {
            first[(segment.RecordingId, segment.SegmentIndex)] = Hypotheses(segment, legsByExtension, now, bonus: null);
        }

        // Pass 2: segments of one recording are one call leg (same x-refci): a dialog confidently linked to a
        // sibling segment is more likely for this one too.
        var byRecording = ordered.GroupBy(s => s.RecordingId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var links = new List<SegmentLink>();
        foreach (var segment in ordered)
        {
            var confident = byRecording[segment.RecordingId]
                .Where(s => s.SegmentIndex != segment.SegmentIndex)
                .Select(s => first[(s.RecordingId, s.SegmentIndex)].Ranked.FirstOrDefault())
                .Where(h => h is not null && h.Posterior >= SiblingConfidence)
                .SelectMany(h => h!.Members)
                .ToList();
            var hypotheses = confident.Count == 0
                ? first[(segment.RecordingId, segment.SegmentIndex)]
                : Hypotheses(segment, legsByExtension, now, leg => confident.Exists(c => ReferenceEquals(c, leg) || c.DialogId == leg.DialogId || c.IsChainedWith(leg)));
            links.AddRange(Decide(segment, hypotheses, sessions, now));
        }

        return links;
    }

    private HypothesisSet Hypotheses(SegmentFacts segment, Dictionary<string, List<DialogLeg>> legsByExtension, DateTimeOffset now, Func<DialogLeg, bool>? bonus)
    {
        if (segment.AgentExtension is null || !legsByExtension.TryGetValue(segment.AgentExtension, out var legs))
        {
            return new HypothesisSet([], 1);
        }

        var window = TimeSpan.FromSeconds(_options.CandidateWindowSeconds);
        var from = segment.Start - window;
        var to = segment.Range.EndOr(now) + window;
        var candidates = legs.Where(l => Near(l, from, to, now) || SharesKey(segment, l)).ToList();
        var hypotheses = new List<Hypothesis>();
        foreach (var leg in candidates)
        {
            hypotheses.Add(Make(segment, [leg], 1.0, now, bonus));
        }

        // Consult chains the segment spans: chained legs that each overlap it by at least a second.
        var overlapping = candidates.Where(l => l.Connected.Any(c => c.OverlapWith(segment.Range, now) >= TimeSpan.FromSeconds(1))).ToList();
        foreach (var group in ChainGroups(overlapping))
        {
            hypotheses.Add(Make(segment, group, ChainPrior, now, bonus));
        }

        var weights = hypotheses.Select(h => Math.Log(h.PriorWeight) + h.Evidence.LogLikelihoodRatio).ToList();
        var noneWeight = Math.Log(_options.UnreportedDialogWeight);
        var max = Math.Max(noneWeight, weights.Count > 0 ? weights.Max() : noneWeight);
        var total = Math.Exp(noneWeight - max) + weights.Sum(w => Math.Exp(w - max));
        for (var i = 0; i < hypotheses.Count; i++)
        {
            hypotheses[i].Posterior = Math.Exp(weights[i] - max) / total;
        }

        return new HypothesisSet([.. hypotheses.OrderByDescending(h => h.Posterior).ThenBy(h => h.TieBreaker, StringComparer.Ordinal)], Math.Exp(noneWeight - max) / total);
    }

    private Hypothesis Make(SegmentFacts segment, IReadOnlyList<DialogLeg> members, double prior, DateTimeOffset now, Func<DialogLeg, bool>? bonus)
    {
        var evidence = _scorer.Score(segment, members, now);
        if (bonus is not null && members.Any(bonus))
        {
            evidence = evidence with
            {
                LogLikelihoodRatio = evidence.LogLikelihoodRatio + SiblingBonus,
                SiblingSupport = true,
            };
        }

        return new Hypothesis(members, prior, evidence);
    }

    private IEnumerable<SegmentLink> Decide(SegmentFacts segment, HypothesisSet set, IReadOnlyList<AgentSession> sessions, DateTimeOffset now)
    {
        var hypotheses = set.Ranked;
        var best = hypotheses.FirstOrDefault();
        if (best is null || best.Evidence.LogLikelihoodRatio < _options.MinimumEvidence || best.Posterior <= set.Unreported)
        {
            var agent = SessionAt(segment, sessions, now);
            var why = segment.AgentExtension is null
                ? "no agent extension on the recording"
                : best is null
                    ? $"no voice dialog on extension {segment.AgentExtension} near the recording"
                    : $"evidence too weak for {best.Label} ({best.Evidence.Describe()})";
            if (agent is not null)
            {
                why += $"; agent {agent.Username} was signed in on {agent.Extension}";
            }

            yield return new SegmentLink(segment.RecordingId, segment.SegmentIndex, 0, null, segment.AgentExtension, agent?.Username, MatchStatus.UnmatchedRecording, 0, why);
            yield break;
        }

        var rivals = hypotheses.Skip(1)
            .Where(h => !h.SharesMemberWith(best) && h.Evidence.LogLikelihoodRatio >= _options.MinimumEvidence && h.Posterior >= best.Posterior * _options.AmbiguityRatio)
            .Take(2)
            .ToList();
        var rank = 0;
        if (rivals.Count > 0)
        {
            var chosen = new List<Hypothesis> { best };
            foreach (var rival in rivals.Where(r => !chosen.Exists(c => c.SharesMemberWith(r))))
            {
                chosen.Add(rival);
            }

            var reason = "ambiguous: " + string.Join(" or ", chosen.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Label} (p={h.Posterior:0.00}: {h.Evidence.Describe()})")))
                + "; the evidence cannot separate them";
            foreach (var hypothesis in chosen)
            {
                foreach (var member in hypothesis.Members)
                {
                    yield return Link(segment, rank++, member, MatchStatus.Ambiguous, hypothesis, reason, sessions, now);
                }
            }

            yield break;
        }

        var matchedReason = (best.Members.Count > 1 ? $"spans {best.Label} (consult chain)" : $"{best.Label}") + ": " + best.Evidence.Describe();
        foreach (var member in best.Members.OrderBy(m => m.ConnectPoints.Count > 0 ? m.ConnectPoints.Min() : DateTimeOffset.MaxValue).ThenBy(m => m.DialogId, StringComparer.Ordinal))
        {
            yield return Link(segment, rank++, member, MatchStatus.Matched, best, matchedReason, sessions, now);
        }
    }

    private static SegmentLink Link(SegmentFacts segment, int rank, DialogLeg leg, string status, Hypothesis hypothesis, string reason, IReadOnlyList<AgentSession> sessions, DateTimeOffset now)
    {
        var cap = hypothesis.Evidence.ExactKeyMatch ? 1.0 : MaximumConfidence;
        var confidence = Math.Floor(Math.Min(cap, hypothesis.Posterior) * 1000) / 1000;
        var username = leg.Username ?? SessionAt(segment, sessions, now)?.Username;
        return new SegmentLink(segment.RecordingId, segment.SegmentIndex, rank, leg.DialogId, leg.Extension, username, status, confidence, reason);
    }

    /// <summary>The agent signed in on the segment's extension when it started (the latest such session).</summary>
    public static AgentSession? SessionAt(SegmentFacts segment, IReadOnlyList<AgentSession> sessions, DateTimeOffset now) =>
        segment.AgentExtension is null
            ? null
            : sessions.Where(s => s.Extension == segment.AgentExtension && s.Start <= segment.Range.EndOr(now) && s.Range.EndOr(now) >= segment.Start)
                .OrderByDescending(s => s.Range.OverlapWith(segment.Range, now))
                .ThenByDescending(s => s.Start)
                .ThenBy(s => s.Username, StringComparer.Ordinal)
                .FirstOrDefault();

    private static bool Near(DialogLeg leg, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        if (leg.Present is { } present && present.Start <= to && present.EndOr(now) >= from)
        {
            return true;
        }

        return leg.Connected.Any(c => c.Start <= to && c.EndOr(now) >= from);
    }

    private static bool SharesKey(SegmentFacts segment, DialogLeg leg) =>
        Keys.KeyComparer.Compare(segment.Keys, leg.Keys).Result == Keys.KeyComparison.Equal;

    /// <summary>Connected components (two or more legs) of the consult/transfer/conference relation.</summary>
    private static IEnumerable<List<DialogLeg>> ChainGroups(List<DialogLeg> legs)
    {
        var seen = new HashSet<DialogLeg>(ReferenceEqualityComparer.Instance);
        foreach (var start in legs)
        {
            if (!seen.Add(start))
            {
                continue;
            }

            var group = new List<DialogLeg> { start };
            for (var i = 0; i < group.Count; i++)
            {
                foreach (var other in legs)
                {
                    if (!seen.Contains(other) && group[i].IsChainedWith(other))
                    {
                        seen.Add(other);
                        group.Add(other);
                    }
                }
            }

            if (group.Count > 1)
            {
                yield return [.. group.OrderBy(l => l.DialogId, StringComparer.Ordinal)];
            }
        }
    }
}
