using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// One SLO constraint checked on the chosen configuration: the measured value, the bound, the verdict
/// (from the trial's own confidence where it has one), the confidence the run certifies a verdict at and the headroom
/// left.
/// </summary>
public sealed record SloCheck(
    SloConstraint Constraint,
    double? ValueMs,
    SloVerdict Verdict,
    bool FromConfidence,
    double? Requests,
    SloConfidence Confidence
)
{
    /// <summary>How far under the bound, in percent of it (negative when over).</summary>
    public double? HeadroomPercent =>
        ValueMs is { } v ? 100 * (Constraint.ThresholdMs - v) / Constraint.ThresholdMs : null;

    public static SloCheck Of(Observation observation, SloConstraint constraint, SloConfidence confidence) =>
        new(
            constraint,
            observation.Metric(constraint.MetricName),
            SloJudge.Judge(observation, constraint),
            observation.Verdicts.ContainsKey(constraint.MetricName),
            observation.Metric(Metrics.MetricNames.Requests),
            confidence
        );
}
