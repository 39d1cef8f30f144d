using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Plans;

/// <summary>
/// A finished plan per load level: the plan with its comparison, the top level's result and run (whose folder holds
/// plan.json), and each level's result in increasing rate.
/// </summary>
public sealed record LoadPlanOutcome(
    LoadPlanEvaluation Evaluation,
    TuningResult TopResult,
    RunFolder Folder,
    string RunId,
    IReadOnlyList<LevelResult> Levels,
    bool IsSimulated
);
