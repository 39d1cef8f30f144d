using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search.Parallel;

/// <summary>A trial another worker has claimed and is measuring now: which configuration, at which fidelity.</summary>
public sealed record PendingTrial(Configuration Configuration, TrialFidelity Fidelity);
