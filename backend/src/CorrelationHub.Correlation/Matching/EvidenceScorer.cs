using System.Globalization;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Numbers;

namespace CorrelationHub.Correlation.Matching;

/// <summary>
/// Scores a hypothesis (one or more chained dialog legs) against a segment. Each observation contributes a log
/// likelihood ratio: a true match starts within about <see cref="CorrelationOptions.StartToleranceSeconds"/> of
/// the agent connecting (Laplace), another call on the same phone starts anywhere in the candidate window
/// (uniform); likewise for the end; the agent is connected for most of a true segment; the far end is the same
/// subscriber; the call type agrees with the far end being internal or external; an exact key is equal.
/// </summary>
internal sealed class EvidenceScorer
{
    private const double ExactKeyEqual = 20;
    private const double ExactKeyDifferent = -6;
    private const double SameNumber = 2.5;
    private const double DifferentNumber = -2.5;
    private const double TypeAgrees = 0.3;
    private const double TypeDisagrees = -1.0;
    private const double OverlapWeight = 6;
    private const double TimeFloor = -6;
    private const double WrongSpreadSeconds = 20;

    private readonly CorrelationOptions _options;
    private readonly PhoneNumberNormalizer _numbers;
    private readonly double _startCeiling;
    private readonly double _endCeiling;

    public EvidenceScorer(CorrelationOptions options, PhoneNumberNormalizer numbers)
    {
        _options = options;
        _numbers = numbers;
        // Another call on the same phone is not spread evenly over the candidate window: the neighbours of a call,
        // which are the dangerous ones, start seconds away. Modelling them as spread over ±20 s (not ±window)
        // keeps the likelihood ratio of a close start honest when calls run back to back.
        _startCeiling = Math.Log(2 * WrongSpreadSeconds / (2 * options.StartToleranceSeconds));
        _endCeiling = Math.Log(2 * WrongSpreadSeconds / (2 * options.EndToleranceSeconds));
    }

    public Evidence Score(SegmentFacts segment, IReadOnlyList<DialogLeg> members, DateTimeOffset now)
    {
        var parts = new List<string>();
        double llr = 0;
        var hasTime = false;

        var (keyResult, matched) = CompareKeys(segment, members);
        if (keyResult == KeyComparison.Equal)
        {
            llr += ExactKeyEqual;
            parts.Add($"exact key {matched!.Value.Kind} equal");
        }
        else if (keyResult == KeyComparison.Different)
        {
            llr += ExactKeyDifferent;
            parts.Add("exact keys differ");
        }

        var connects = members.SelectMany(m => m.ConnectPoints).OrderBy(t => t).ToList();
        var disconnects = members.SelectMany(m => m.DisconnectPoints).OrderBy(t => t).ToList();
        var connected = members.SelectMany(m => m.Connected).ToList();
        var present = members.Where(m => m.Present is not null).Select(m => m.Present!.Value).ToList();
        var segmentEnd = segment.End ?? now;

        if (connects.Count > 0)
        {
            hasTime = true;
            var distance = connects.Min(c => Math.Abs((c - segment.Start).TotalSeconds));
            var score = Math.Max(TimeFloor, _startCeiling - (distance / _options.StartToleranceSeconds));
            llr += score;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"starts {distance:0.0} s from the agent connecting"));

            var duration = Math.Max(0.001, (segmentEnd - segment.Start).TotalSeconds);
            var active = Math.Min(1, connected.Sum(c => c.OverlapWith(segment.Range, now).TotalSeconds) / duration);
            var onCall = Math.Max(active, Math.Min(1, Union(present).Sum(p => p.OverlapWith(segment.Range, now).TotalSeconds) / duration));
            var fraction = active + (0.5 * (onCall - active));
            llr += OverlapWeight * (fraction - 0.5) * Math.Min(1, duration / 10);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"agent connected for {active * 100:0}% of it"));

            if (segment.End is { } end)
            {
                var later = disconnects.Where(d => d >= segment.Start).ToList();
                var stillOpen = connected.Exists(c => c.End is null && c.Start <= end);
                if (stillOpen)
                {
                    // Finesse has not said yet when the agent left: no evidence either way.
                }
                else if (later.Count > 0)
                {
                    var endDistance = later.Min(d => Math.Abs((d - end).TotalSeconds));
                    llr += Math.Max(TimeFloor, _endCeiling - (endDistance / _options.EndToleranceSeconds));
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"ends {endDistance:0.0} s from the agent holding or hanging up"));
                }
                else if (!stillOpen && disconnects.Count > 0)
                {
                    llr += TimeFloor;
                    parts.Add("the agent had left before it started");
                }
            }
        }

        var otherParties = members.SelectMany(m => m.OtherParties).Distinct(StringComparer.Ordinal).ToList();
        var same = SameFarEnd(segment, otherParties);
        if (same == true)
        {
            llr += SameNumber;
            parts.Add("far end is the same number");
        }
        else if (same == false)
        {
            llr += DifferentNumber;
            parts.Add("far end is a different number");
        }

        var typeAgrees = CallTypeAgrees(segment, members);
        if (typeAgrees == true)
        {
            llr += TypeAgrees;
        }
        else if (typeAgrees == false)
        {
            llr += TypeDisagrees;
            parts.Add("call type does not fit the far end");
        }

        return new Evidence(llr, keyResult == KeyComparison.Equal, hasTime, parts);
    }

    private static (KeyComparison, ExactKey?) CompareKeys(SegmentFacts segment, IReadOnlyList<DialogLeg> members)
    {
        var result = (KeyComparison.Unknown, (ExactKey?)null);
        foreach (var member in members)
        {
            var compared = KeyComparer.Compare(segment.Keys, member.Keys);
            if (compared.Result == KeyComparison.Equal)
            {
                return compared;
            }

            if (compared.Result == KeyComparison.Different)
            {
                result = compared;
            }
        }

        return result;
    }

    /// <summary>True when any far end the segment had is one of the other parties; false when all are known and none is.</summary>
    private bool? SameFarEnd(SegmentFacts segment, IReadOnlyList<string> otherParties)
    {
        var farEnds = segment.FarEnds().Select(f => f.Address).Distinct(StringComparer.Ordinal).ToList();
        if (farEnds.Count == 0 || otherParties.Count == 0)
        {
            return null;
        }

        var anyKnown = false;
        foreach (var farEnd in farEnds)
        {
            foreach (var party in otherParties)
            {
                var same = _numbers.Same(farEnd, party);
                if (same == true)
                {
                    return true;
                }

                anyKnown |= same == false;
            }
        }

        return anyKnown ? false : null;
    }

    private bool? CallTypeAgrees(SegmentFacts segment, IReadOnlyList<DialogLeg> members)
    {
        if (segment.FarEndAddress is not { } farEnd)
        {
            return null;
        }

        var digits = farEnd.Count(char.IsAsciiDigit);
        if (digits == 0)
        {
            return null;
        }

        // Agrees when any member's type fits; disagrees only when every member's type says otherwise (a consult
        // chain whose consult leg has no opinion does not disagree).
        var farEndInternal = !farEnd.StartsWith('+') && digits <= _options.NumberPlan.MaxExtensionDigits;
        var disagreeing = 0;
        foreach (var member in members)
        {
            if (CallTypes.ImpliesInternal(member.CallType) is not { } impliesInternal)
            {
                continue;
            }

            if (impliesInternal == farEndInternal)
            {
                return true;
            }

            disagreeing++;
        }

        return disagreeing == members.Count ? false : null;
    }

    private static List<TimeRange> Union(List<TimeRange> ranges)
    {
        var result = new List<TimeRange>();
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (result.Count > 0 && (result[^1].End is null || range.Start <= result[^1].End))
            {
                var last = result[^1];
                DateTimeOffset? end = last.End is null || range.End is null ? null : (range.End > last.End ? range.End : last.End);
                result[^1] = last with { End = end };
            }
            else
            {
                result.Add(range);
            }
        }

        return result;
    }
}
