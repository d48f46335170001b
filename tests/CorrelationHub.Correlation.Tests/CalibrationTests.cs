using System.Globalization;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Tests.Simulation;
using Xunit.Abstractions;

namespace CorrelationHub.Correlation.Tests;

/// <summary>
/// Confidence must mean what it says. Over simulated days full of the field's mess (see <see cref="DaySimulator"/>),
/// links are grouped by confidence and checked against the truth: at 0.9 and above essentially never wrong (at most
/// one in a thousand), each band at least as accurate as its lower edge, ambiguous links naming the true dialog, and
/// the engine still matching nearly every recording whose dialog was reported on a normal day (confidence that is
/// merely timid would be no use).
/// </summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    [InlineData(8, true)]
    public void Confidence_is_calibrated_on_a_messy_day(int seed, bool harsh)
    {
        var simulator = harsh ? DaySimulator.Harsh(seed) : new DaySimulator(seed);
        var day = simulator.Simulate(agents: 40, callsPerAgent: 60);
        var links = new CorrelationEngine(new CorrelationOptions()).Correlate(day.Input);
        var bySegment = links.GroupBy(l => (l.RecordingId, l.SegmentIndex)).ToDictionary(g => g.Key, g => g.ToList());

        var bands = new[] { 0.5, 0.7, 0.9, 0.99, 1.01 };
        var counts = new int[bands.Length - 1];
        var correct = new int[bands.Length - 1];
        int wrongShown = 0, ambiguous = 0, ambiguousNamingTruth = 0, reportedSegments = 0, reportedMatchedRight = 0, unreportedSegments = 0, unreportedConfidentlyMatched = 0;
        foreach (var (key, truth) in day.Truth)
        {
            var segmentLinks = bySegment[key];
            var first = segmentLinks[0];
            if (truth is null)
            {
                unreportedSegments++;
            }
            else
            {
                reportedSegments++;
            }

            switch (first.Status)
            {
                case MatchStatus.Matched:
                    var right = segmentLinks.Any(l => l.DialogId == truth);
                    for (var b = 0; b < counts.Length; b++)
                    {
                        if (first.Confidence >= bands[b] && first.Confidence < bands[b + 1])
                        {
                            counts[b]++;
                            correct[b] += right ? 1 : 0;
                        }
                    }

                    reportedMatchedRight += right && truth is not null ? 1 : 0;
                    if (!right && first.Confidence >= 0.9 && wrongShown++ < 12)
                    {
                        output.WriteLine($"WRONG {key} truth={truth ?? "(unreported)"} got={first.DialogId} conf={first.Confidence}: {first.Reason}");
                    }

                    unreportedConfidentlyMatched += truth is null && first.Confidence >= 0.9 ? 1 : 0;
                    break;
                case MatchStatus.Ambiguous:
                    ambiguous++;
                    ambiguousNamingTruth += segmentLinks.Any(l => l.DialogId == truth) ? 1 : 0;
                    break;
            }
        }

        for (var b = 0; b < counts.Length; b++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"confidence [{bands[b]:0.00}, {Math.Min(1, bands[b + 1]):0.00}): {counts[b]} links, {correct[b]} right ({(counts[b] == 0 ? 1 : (double)correct[b] / counts[b]):P2})"));
        }

        output.WriteLine($"segments {day.Truth.Count}: dialog reported {reportedSegments}, matched right {reportedMatchedRight}; dialog not reported {unreportedSegments}, confidently matched anyway {unreportedConfidentlyMatched}; ambiguous {ambiguous} (naming the truth {ambiguousNamingTruth})");

        var confident = counts[2] + counts[3];
        var confidentWrong = confident - correct[2] - correct[3];
        Assert.True(confident > 1000, "the simulation must produce plenty of confident links");
        Assert.True(confidentWrong <= Math.Max(1, confident / 1000), $"{confidentWrong} of {confident} links at confidence >= 0.9 are wrong");
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] >= 20)
            {
                Assert.True((double)correct[b] / counts[b] >= bands[b] - 0.05, $"band from {bands[b]}: {correct[b]} of {counts[b]} right");
            }
        }

        // Useful, not merely timid: on a normal day nearly everything reported is matched; on the harsh one (calls
        // shorter than the clock error, back to back) the engine may decline, but never guesses confidently.
        var recall = harsh ? 0.6 : 0.98;
        Assert.True(reportedMatchedRight >= recall * reportedSegments, $"only {reportedMatchedRight} of {reportedSegments} recordings with a reported dialog were matched right");
        Assert.True(ambiguous == 0 || ambiguousNamingTruth >= 0.8 * ambiguous, $"{ambiguousNamingTruth} of {ambiguous} ambiguous links name the true dialog");
    }
}
