using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Matching;

/// <summary>"The segment belongs to these legs": one leg, or a consult chain whose legs it spans (consult then conference).</summary>
internal sealed record Hypothesis(IReadOnlyList<DialogLeg> Members, double PriorWeight, Evidence Evidence)
{
    public double Posterior { get; set; }

    public string Label => Members.Count == 1
        ? $"dialog {Members[0].DialogId}"
        : $"dialogs {string.Join(" then ", Members.Select(m => m.DialogId))}";

    public bool SharesMemberWith(Hypothesis other) => Members.Any(m => other.Members.Any(o => ReferenceEquals(m, o)));

    /// <summary>Stable order for ties: fewer members, then dialog ids.</summary>
    public string TieBreaker => $"{Members.Count:D2}|{string.Join('|', Members.Select(m => m.DialogId))}";
}

/// <summary>The hypotheses for a segment, best first, and the posterior of "a dialog no gadget reported".</summary>
internal sealed record HypothesisSet(IReadOnlyList<Hypothesis> Ranked, double Unreported);
