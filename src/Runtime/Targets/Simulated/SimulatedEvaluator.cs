using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Trials;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Trials on the built-in simulated serving host, in virtual time, under the protocol of every target
/// (<see cref="SimulatedTrialProtocol"/>): by default 30 s of warm-up, then a 60 s window (30 s for screening)
/// extended while the SLO verdict is undecided, up to 300 s. The host time reported is the warm-up plus the window
/// measured. Repetitions use new seeds, so they vary as real trials do. The validity gates that need no GPU telemetry
/// (window, samples, the engine's running batch) apply; the GPU gates are skipped and named on the observation.
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

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken) =>
        InvalidTrialRepeat.RunAsync(
            (attempt, token) => Task.FromResult(Evaluate(request, attempt, token)),
            _trial.Validity,
            cancellationToken
        );

    private Observation Evaluate(TrialRequest request, int attempt, CancellationToken cancellationToken)
    {
        var config = SimulatedKnobMapping.ToServingConfig(space, request.Configuration, model, gpuKind);
        var trialSeed = unchecked(seed + (7919 * request.Repetition) + (104_729 * attempt));
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
        var observation = SimulatedObservation.From(request.Configuration, result, request.Fidelity, verdicts);
        if (observation.Feasible)
        {
            var counts = SloVerdicts.Counts(
                k => SimulatedTrialProtocol.Count(result, k),
                (k, bound) => SimulatedTrialProtocol.CountAbove(result, k, bound),
                _slo
            );
            observation = observation with
            {
                Metrics = observation.Metrics.SetItems(counts.Select(c => KeyValuePair.Create(c.Metric.Name, c.Value))),
            };
        }

        var batch = config.MaxNumSeqs * Math.Max(1, config.Replicas);
        var evidence = new TrialEvidence(result.Window)
        {
            Samples = SloVerdicts.Samples(k => SimulatedTrialProtocol.Count(result, k), _slo, _trial, verdicts),
            Saturating =
                load.Kind == LoadKind.Saturate || (load.Kind == LoadKind.Concurrency && load.Concurrency >= batch),
            BatchOccupancy = BatchOccupancy.Of(result.AverageBatchSize, batch, result.AverageKvShare),
            PeakRunningBatch = result.Feasible ? result.PeakRunningBatch : null,
            BatchSource = "the simulated engine",
            // A saturating simulated load always has a request waiting for the engine: a short batch is the
            // engine's own limit (KV cache, token budget).
            ServerQueued = load.Kind == LoadKind.Saturate,
        };
        var validity = ValidityGates.Check(evidence, _trial.Validity, GpuPowerBounds.Default);
        return ValidityRecord.Apply(observation, evidence, validity);
    }
}
