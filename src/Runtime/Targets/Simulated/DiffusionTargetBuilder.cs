using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Requests;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// A diffusion model on the simulated diffusion server, checked before anything runs: the space's knobs carry the
/// published tables' names (<c>batch_size</c>, <c>ulysses_degree</c>, <c>ring_degree</c>, and <c>num_gpus</c>,
/// <c>gpu_model</c> where present), and the objective is energy per image or per video, as the model makes.
/// </summary>
public static class DiffusionTargetBuilder
{
    /// <param name="builtIn">The space is the shipped one: its GPU knobs are fitted to the GPU the run names.</param>
    public static TargetSetup Create(
        OptimizeRequest request,
        TargetSpec.Simulated target,
        SearchSpace space,
        DiffusionHost host,
        DiffusionModel model,
        string gpu,
        bool builtIn
    )
    {
        if (request.Load is not null || request.Workload is not null || !request.LoadLevels.IsEmpty)
        {
            throw new TargetException(
                "--load, --workload and --load-levels do not apply to the simulated diffusion host: its batches run "
                    + "back to back"
            );
        }

        if (space.Knobs.FirstOrDefault(k => k.Kind is KnobKind.TensorParallel or KnobKind.Replicas) is { } llmKnob)
        {
            throw new TargetException(
                $"{model.Id} is a diffusion model: knob '{llmKnob.Name}' does not apply; a diffusion space tunes "
                    + $"{ReplayKnobs.BatchSize}, {ReplayKnobs.UlyssesDegree} and {ReplayKnobs.RingDegree}"
            );
        }

        // The degrees are read by name as counts; a fraction would be rounded and a 0 fail every trial.
        foreach (var name in (string[])[ReplayKnobs.UlyssesDegree, ReplayKnobs.RingDegree, ReplayKnobs.NumGpus])
        {
            var values = space.FindKnob(name)?.Values ?? [];
            foreach (var misfit in values.Where(v => v.Number is not { } n || n < 1 || n != Math.Floor(n)).Take(1))
            {
                throw new TargetException(
                    $"knob '{name}' cannot take {misfit.Text}: the diffusion host reads it as a count of GPUs, a "
                        + "whole number of at least 1"
                );
            }
        }

        var kind = host.Gpus.Get(gpu);
        foreach (var value in space.FindKnob(ReplayKnobs.GpuModel)?.Values ?? [])
        {
            host.Gpus.Get(value.Text);
        }

        if (builtIn)
        {
            space = GpuFittedSpace.Fit(space, kind);
            gpu = kind.Id;
        }

        var tuned = space with
        {
            Model = model.Id,
            GpuModel = gpu,
            Objective = model.IsVideo ? ObjectiveKind.EnergyPerVideo : ObjectiveKind.EnergyPerImage,
        };
        return TargetSetup.Hostless(tuned, target, new SimulatedDiffusionEvaluator(host, tuned, model.Id, gpu));
    }
}
