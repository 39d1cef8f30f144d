using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Simulation;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// The built-in space's baseline fitted to the model a run names: a host serving a model too large for the
/// baseline's tensor parallelism (Llama-3.1-70B on one H100) runs it on the fewest GPUs of the space that hold it,
/// so that is the setup the savings are measured against. A baseline that runs is kept as it is.
/// </summary>
public static class ModelFittedBaseline
{
    public static SearchSpace Fit(SearchSpace space, SimulatedHost host, string model, string gpu)
    {
        if (
            space.Baseline is not { } baseline
            || space.Knobs.FirstOrDefault(k => k.Kind == KnobKind.TensorParallel) is not { } parallel
            || Runs(space, baseline, host, model, gpu)
        )
        {
            return space;
        }

        var fitted = parallel
            .Values.Where(v => v.Number is not null)
            .OrderBy(v => v.Number)
            .Select(v => baseline.With(parallel.Name, v))
            .FirstOrDefault(c => Runs(space, c, host, model, gpu));
        return fitted is null ? space : space with { Baseline = fitted };
    }

    private static bool Runs(
        SearchSpace space,
        Configuration configuration,
        SimulatedHost host,
        string model,
        string gpu
    ) => host.FindInfeasibility(SimulatedKnobMapping.ToServingConfig(space, configuration, model, gpu)) is null;
}
