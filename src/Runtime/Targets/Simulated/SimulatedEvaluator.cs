using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Trials on the built-in simulated serving host, in virtual time: a screening trial measures 20 s after
/// 10 s of warm-up, a full one 60 s after 30 s. Repetitions use new seeds, so they vary as real trials do.
/// </summary>
public sealed class SimulatedEvaluator(
    SimulatedHost host,
    SearchSpace space,
    string model,
    string gpuKind,
    LoadSpec load,
    int seed
) : IEvaluator
{
    public string Description =>
        $"simulated host: {space.Variables.GetValueOrDefault("gpus", 8)}x {gpuKind} serving {model}, load {load}";

    public IReadOnlyCollection<string> MetricNames => SimulatedObservation.Names;

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        var config = SimulatedKnobMapping.ToServingConfig(space, request.Configuration, model, gpuKind);
        var (warmup, window) =
            request.Fidelity == TrialFidelity.Screening
                ? (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20))
                : (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        var trialSeed = unchecked(seed + (7919 * request.Repetition));
        var trial = host.Run(config, load, warmup, window, trialSeed, cancellationToken);
        return Task.FromResult(SimulatedObservation.From(request.Configuration, trial, request.Fidelity));
    }
}
