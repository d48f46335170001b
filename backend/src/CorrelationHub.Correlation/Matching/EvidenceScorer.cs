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
        double llr = 0;
        var (keyResult, matched) = CompareKeys(segment, members);
        if (keyResult == KeyComparison.Equal)
        {
            llr += ExactKeyEqual;
        }
        else if (keyResult == KeyComparison.Different)
        {
            llr += ExactKeyDifferent;
        }

        double? startSeconds = null;
        double? fraction = null;
        double? endSeconds = null;
        var leftBefore = false;
        var segmentEnd = segment.CallEnd ?? now;
        var closestConnect = double.MaxValue;
        var closestLaterDisconnect = double.MaxValue;
        var anyDisconnect = false;
        var stillOpen = false;
        double activeSeconds = 0;
        foreach (var member in members)
        {
            foreach (var connect in member.ConnectPoints)
            {
                closestConnect = Math.Min(closestConnect, Math.Abs((connect - segment.Start).TotalSeconds));
            }

            foreach (var disconnect in member.DisconnectPoints)
            {
                anyDisconnect = true;
                if (disconnect >= segment.Start && segment.CallEnd is { } end)
                {
                    closestLaterDisconnect = Math.Min(closestLaterDisconnect, Math.Abs((disconnect - end).TotalSeconds));
                }
            }

            foreach (var connected in member.Connected)
            {
                activeSeconds += connected.OverlapWith(segment.Range, now).TotalSeconds;
                stillOpen |= connected.End is null && segment.CallEnd is { } segmentEnded && connected.Start <= segmentEnded;
            }
        }

        if (closestConnect < double.MaxValue)
        {
            startSeconds = closestConnect;
            llr += Math.Max(TimeFloor, _startCeiling - (closestConnect / _options.StartToleranceSeconds));

            var duration = Math.Max(0.001, (segmentEnd - segment.Start).TotalSeconds);
            var active = Math.Min(1, activeSeconds / duration);
            var onCall = members.Count == 1
                ? (members[0].Present is { } p ? p.OverlapWith(segment.Range, now).TotalSeconds : 0)
                : Union(members.Where(m => m.Present is not null).Select(m => m.Present!.Value).ToList()).Sum(p => p.OverlapWith(segment.Range, now).TotalSeconds);
            var present = Math.Max(active, Math.Min(1, onCall / duration));
            fraction = active;
            llr += OverlapWeight * (active + (HeldWeight(segment.Source) * (present - active)) - 0.5) * Math.Min(1, duration / 10);

            if (segment.CallEnd is not null && !stillOpen)
            {
                if (closestLaterDisconnect < double.MaxValue)
                {
                    endSeconds = closestLaterDisconnect;
                    llr += Math.Max(TimeFloor, _endCeiling - (closestLaterDisconnect / _options.EndToleranceSeconds));
                }
                else if (anyDisconnect)
                {
                    leftBefore = true;
                    llr += TimeFloor;
                }
            }
        }

        var same = SameFarEnd(segment, members);
        llr += same switch
        {
            true => SameNumber,
            false => DifferentNumber,
            null => 0,
        };

        var typeAgrees = CallTypeAgrees(segment, members);
        llr += typeAgrees switch
        {
            true => TypeAgrees,
            false => TypeDisagrees,
            null => 0,
        };

        return new Evidence
        {
            LogLikelihoodRatio = llr,
            ExactKeyKind = keyResult == KeyComparison.Equal ? matched!.Value.Kind : null,
            ExactKeysDiffer = keyResult == KeyComparison.Different,
            StartSeconds = startSeconds,
            ConnectedFraction = fraction,
            EndSeconds = endSeconds,
            EndFromMedia = segment.EndFromMedia,
            LeftBeforeStart = leftBefore,
            SameNumber = same,
            CallTypeDisagrees = typeAgrees == false,
        };
    }

    /// <summary>
    /// How much time the agent held the call counts as connected: CUCM tears its recording legs down on an agent hold
    /// (docs/interop.md, CUCM recording legs), so a CUCM segment is not recorded while held; a SIPREC session goes on through
    /// a hold (a=inactive re-INVITE); of other sources nothing is known.
    /// </summary>
    private static double HeldWeight(string? source) => source switch
    {
        "cucm-bib" => 0,
        "siprec" => 1,
        _ => 0.5,
    };

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
    private bool? SameFarEnd(SegmentFacts segment, IReadOnlyList<DialogLeg> members)
    {
        var farEnds = segment.FarEndChanges.Count == 0
            ? (segment.FarEndAddress is { } only ? [only] : [])
            : segment.FarEnds().Select(f => f.Address).Distinct(StringComparer.Ordinal).ToList();
        if (farEnds.Count == 0)
        {
            return null;
        }

        var anyKnown = false;
        foreach (var farEnd in farEnds)
        {
            foreach (var party in members.SelectMany(m => m.OtherParties))
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
