using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>
/// One tuning problem: a space, an SLO, a fresh evaluator per run, and the noise-free truth the oracle and
/// the scoring read (energy, and the SLO latencies by metric name; null when the configuration cannot run).
/// </summary>
public sealed record Scenario(
    string Group,
    string Name,
    SearchSpace Space,
    ServiceLevelObjective Slo,
    Func<IEvaluator> NewEvaluator,
    Func<Configuration, Truth?> Truth
)
{
    /// <summary>
    /// The truth measured again on more seeds, for a recommendation whose truth lies near a bound (where the
    /// truth's own error could decide whether it misses); null where the truth is exact.
    /// </summary>
    public Func<Configuration, Truth?>? CloserTruth { get; init; }
}
