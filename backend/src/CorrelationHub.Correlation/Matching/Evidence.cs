using System.Globalization;
using System.Text;

namespace CorrelationHub.Correlation.Matching;

/// <summary>
/// The evidence for one hypothesis (a dialog leg, or a consult chain of legs) about one segment, as a natural-log
/// likelihood ratio: how much more likely the observations are if the hypothesis is true than if the leg is just
/// another call on the same phone. The observations are kept so the account (<see cref="Describe"/>) is written
/// only for the hypotheses a link reports.
/// </summary>
public sealed record Evidence
{
    public double LogLikelihoodRatio { get; init; }

    public string? ExactKeyKind { get; init; }

    public bool ExactKeysDiffer { get; init; }

    public double? StartSeconds { get; init; }

    public double? ConnectedFraction { get; init; }

    public double? EndSeconds { get; init; }

    /// <summary>The segment's end is its last RTP packet: the client's BYE was lost and the recorder timed it out.</summary>
    public bool EndFromMedia { get; init; }

    public bool LeftBeforeStart { get; init; }

    public bool? SameNumber { get; init; }

    public bool CallTypeDisagrees { get; init; }

    public bool SiblingSupport { get; init; }

    public bool ExactKeyMatch => ExactKeyKind is not null;

    public string Describe()
    {
        var parts = new List<string>();
        if (ExactKeyKind is { } kind)
        {
            parts.Add($"exact key {kind} equal");
        }
        else if (ExactKeysDiffer)
        {
            parts.Add("exact keys differ");
        }

        if (StartSeconds is { } start)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"starts {start:0.0} s from the agent connecting"));
        }

        if (ConnectedFraction is { } fraction)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"agent connected for {fraction * 100:0}% of it"));
        }

        if (EndSeconds is { } end)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"ends {end:0.0} s from the agent holding or hanging up"));
            if (EndFromMedia)
            {
                parts.Add("its end taken from its last media (no BYE came)");
            }
        }
        else if (LeftBeforeStart)
        {
            parts.Add("the agent had left before it started");
        }

        if (SameNumber == true)
        {
            parts.Add("far end is the same number");
        }
        else if (SameNumber == false)
        {
            parts.Add("far end is a different number");
        }

        if (CallTypeDisagrees)
        {
            parts.Add("call type does not fit the far end");
        }

        if (SiblingSupport)
        {
            parts.Add("same call leg as another segment linked there");
        }

        return new StringBuilder().AppendJoin(", ", parts).ToString();
    }
}
