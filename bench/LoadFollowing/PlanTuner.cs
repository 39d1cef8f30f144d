using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Plans;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Targets.Simulated;

namespace MLEnergy.LoadFollowing;

/// <summary>
/// The plan as <c>mlenergy optimize --slo SLO --load-levels poisson:LEVELS --workload azure-conv --model M --set
/// max_num_seqs=256 --set tensor_parallel=TP --budget N</c> tunes it on the simulated H100 host, through the tool's own
/// <see cref="LoadPlanService"/>. The space is the shipped one with <c>trial.max_window</c> raised to
/// <see cref="MaxWindowSeconds"/>: at the light levels of a large model (about 1 req/s) a p99 verdict needs more
/// requests than the default 300 s holds, and such trials are invalid.
/// </summary>
public static class PlanTuner
{
    public const int MaxWindowSeconds = 1200;

    /// <summary>The request lengths every plan is tuned under, whichever trace is then served.</summary>
    public const string Workload = "azure-conv";

    public static async Task<LoadPlan> TuneAsync(
        string repositoryRoot,
        ModelCase model,
        string slo,
        IReadOnlyList<double> levels,
        int budget,
        int seed,
        CancellationToken cancellationToken
    )
    {
        var state = Path.Combine(Path.GetTempPath(), "mlenergy-load-following-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(state);
            var space = Path.Combine(state, "space.yaml");
            await File.WriteAllTextAsync(
                space,
                await File.ReadAllTextAsync(
                    Path.Combine(repositoryRoot, "search-spaces", "sim-h100-llm.yaml"),
                    cancellationToken
                ) + $"trial: {{ max_window: {MaxWindowSeconds}s }}\n",
                cancellationToken
            );
            var request = new OptimizeRequest
            {
                SpacePath = space,
                Slo = SloParser.ParseAll([slo]),
                StateDirectory = state,
                Model = model.ModelId,
                Workload = Workload,
                LoadLevels = [.. levels],
                Pins =
                [
                    new KnobPin("max_num_seqs", [KnobValue.Parse($"{ModelCase.MaxNumSeqs}")]),
                    new KnobPin("tensor_parallel", [KnobValue.Parse($"{model.TensorParallel}")]),
                ],
                Budget = TuningBudget.Trials(budget),
                OutputDirectory = Path.Combine(state, "plan"),
                Seed = seed,
            };
            var targets = new TargetFactory(
                new ShippedFiles(Path.Combine(repositoryRoot, "data"), Path.Combine(repositoryRoot, "search-spaces")),
                SimulatedHosts.CreateDefault
            );
            var setup = await new OptimizeService(targets, TimeProvider.System).PrepareAsync(
                request,
                cancellationToken
            );
            await using var host = await setup.OpenAsync(cancellationToken);
            var outcome = await new LoadPlanService(TimeProvider.System).RunAsync(
                request,
                setup,
                host,
                null,
                null,
                cancellationToken
            );
            return outcome.Evaluation.Plan;
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }
}
