using MLEnergy.Recommender.Observations;
using MLEnergy.Simulation;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>The simulator's cause of an infeasible configuration as the search reads it.</summary>
internal static class SimulatedInfeasibility
{
    public static Infeasibility? Of(FeasibilityProblem? problem) =>
        problem is null
            ? null
            : new Infeasibility(
                problem.Kind switch
                {
                    FeasibilityProblemKind.WeightsDoNotFit => InfeasibleCause.WeightsDoNotFit,
                    FeasibilityProblemKind.KvCacheTooSmall => InfeasibleCause.KvCacheTooSmall,
                    _ => InfeasibleCause.InvalidKnobs,
                },
                problem.GpusPerReplica
            );
}
