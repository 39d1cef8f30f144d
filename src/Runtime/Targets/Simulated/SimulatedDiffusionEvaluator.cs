using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Trials on the built-in simulated diffusion server (<see cref="DiffusionHost"/>), in virtual time: batches of
/// prompts run back to back, one warm-up batch and then as many as fill the trial's window (half of it for
/// screening), at least one. A batch's latency and energy follow from the configuration alone, so repeats agree.
/// </summary>
public sealed class SimulatedDiffusionEvaluator(
    DiffusionHost host,
    SearchSpace space,
    string model,
    string gpuKind,
    TrialSettings? trial = null
) : IEvaluator
{
    /// <summary>GPUs of the simulated host when the space names none (<c>gpus:</c>).</summary>
    public const int DefaultHostGpus = 8;

    private readonly DiffusionModel _model = host.Models.Get(model);
    private readonly TrialSettings _trial = trial ?? new TrialSettings();
    private readonly int _hostGpus = space.Variables.TryGetValue("gpus", out var gpus) ? (int)gpus : DefaultHostGpus;

    public string Description =>
        $"simulated diffusion host: {_hostGpus}x {gpuKind} generating {(_model.IsVideo ? "videos" : "images")} "
        + $"with {_model.Id}, batches back to back";

    public IReadOnlyCollection<string> MetricNames => DiffusionObservation.Names(_model);

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (config, problem) = DiffusionKnobMapping.ToServingConfig(
            space,
            request.Configuration,
            _model.Id,
            gpuKind,
            _hostGpus
        );
        if (config is null)
        {
            return Task.FromResult(
                Observation.Infeasible(request.Configuration, problem!) with
                {
                    Fidelity = request.Fidelity,
                }
            );
        }

        var batch = host.Run(config);
        var window = request.Fidelity == TrialFidelity.Screening ? _trial.Window / 2 : _trial.Window;
        var batches = batch.Feasible
            ? Math.Max(1, (int)Math.Ceiling(window.TotalSeconds / batch.BatchLatency.TotalSeconds))
            : 0;
        return Task.FromResult(
            DiffusionObservation.From(request.Configuration, _model, batch, batches, request.Fidelity)
        );
    }
}
