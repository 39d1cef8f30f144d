using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Runtime.Targets;

/// <summary>A ready target: the space to search on it and the evaluator that runs its trials.</summary>
public sealed record TargetSetup(SearchSpace Space, IEvaluator Evaluator, bool IsSimulated);
