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
);
