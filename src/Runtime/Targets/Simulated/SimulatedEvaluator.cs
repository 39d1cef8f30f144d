using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Trials on the built-in simulated serving host, in virtual time, under the protocol of every target
/// (<see cref="SimulatedTrialProtocol"/>): by default 30 s of warm-up, then a 60 s window (30 s for screening)
/// extended while the SLO verdict is undecided, up to 300 s. The host time reported is the warm-up plus the window
/// measured. Repetitions use new seeds, so they vary as real trials do.
/// </summary>
public sealed class SimulatedEvaluator(
    SimulatedHost host,
    SearchSpace space,
    string model,
    string gpuKind,
    LoadSpec load,
    int seed,
    ServiceLevelObjective? slo = null,
    TrialSettings? trial = null
) : ILoadLevelEvaluator
{
    private readonly ServiceLevelObjective _slo = slo ?? new ServiceLevelObjective([]);
    private readonly TrialSettings _trial = trial ?? new TrialSettings();

    public string Description =>
        $"simulated host: {space.Variables.GetValueOrDefault("gpus", 8)}x {gpuKind} serving {model}, load {load}";

    public IReadOnlyCollection<string> MetricNames => SimulatedObservation.Names;

    public IEvaluator AtRate(double requestsPerSecond)
    {
        var level = LoadSpec.AtRate(requestsPerSecond).WithWorkload(load.Workload);
        return new SimulatedEvaluator(
            host,
            space with
            {
                Load = level.ToString(),
            },
            model,
            gpuKind,
            level,
            seed,
            slo,
            trial
        );
    }

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        var config = SimulatedKnobMapping.ToServingConfig(space, request.Configuration, model, gpuKind);
        var trialSeed = unchecked(seed + (7919 * request.Repetition));
        var result = SimulatedTrialProtocol.Run(
            host,
            config,
            load,
            request.Fidelity,
            trialSeed,
            _slo,
            _trial,
            cancellationToken,
            request.HostTimeLeft
        );
        var verdicts = SimulatedTrialProtocol.Judge(result, _slo, _trial);
        return Task.FromResult(SimulatedObservation.From(request.Configuration, result, request.Fidelity, verdicts));
    }
}
