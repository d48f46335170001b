namespace CorrelationHub.Correlation.Matching;

/// <summary>
/// The evidence for one hypothesis (a dialog leg, or a consult chain of legs) about one segment, as natural-log
/// likelihood ratios: how much more likely each observation is if the hypothesis is true than if the leg is just
/// another call on the same phone. <see cref="Parts"/> is the human-readable account.
/// </summary>
public sealed record Evidence(double LogLikelihoodRatio, bool ExactKeyMatch, bool HasTimeEvidence, IReadOnlyList<string> Parts)
{
    public string Describe() => string.Join(", ", Parts);
}
