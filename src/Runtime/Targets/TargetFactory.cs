using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets.Http;
using MLEnergy.Runtime.Targets.Launched;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Diffusion;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets;

/// <summary>
/// Turns <c>--target</c> and <c>--space</c> into a search space and a target ready to open. The space file is parsed
/// once; its <c>server</c> and <c>trial</c> sections go to the serving reader. With neither option, the shipped
/// simulated H100 space is tuned on the built-in simulated host (the shipped diffusion space when <c>--model</c> is a
/// diffusion model, on the simulated diffusion server). Nothing on the host is touched here.
/// </summary>
public sealed class TargetFactory(
    ShippedFiles shipped,
    Func<SimulatedHost> simulatedHost,
    Func<DiffusionHost>? diffusionHost = null
)
{
    private readonly Lazy<DiffusionHost> _diffusion = new(diffusionHost ?? DiffusionHost.CreateDefault);

    public async Task<TargetSetup> CreateAsync(OptimizeRequest request, CancellationToken cancellationToken)
    {
        var spacePath =
            request.SpacePath
            ?? request.Target switch
            {
                null or TargetSpec.Simulated => IsDiffusion(request.Model)
                    ? shipped.DiffusionSpacePath
                    : shipped.DefaultSpacePath,
                TargetSpec.LaunchedServer launched => launched.SpacePath,
                _ => null,
            };
        var document = spacePath is null ? null : SearchSpaceYamlReader.ReadDocument(spacePath);
        document?.ThrowIfUnclaimed(ServingYamlReader.Sections);
        if (document is not null)
        {
            SpaceValues.Check(request, document);
        }
        return (request.Target ?? SpaceTarget(document)) switch
        {
            TargetSpec.Simulated target => CreateSimulated(
                request,
                target,
                Require(document, target),
                builtIn: request.SpacePath is null
            ),
            TargetSpec.Replay replay => CreateReplay(replay, request, document?.Space),
            TargetSpec.ExternalServer external => await HttpTargetBuilder.CreateAsync(
                request,
                external,
                document,
                TimeProvider.System,
                cancellationToken
            ),
            TargetSpec.LaunchedServer launched => ServingTargetBuilder.Create(
                request,
                Require(document, launched),
                TimeProvider.System
            ),
            var other => throw new TargetException($"target '{other}' is not supported here"),
        };
    }

    /// <summary>
    /// The target a space names: its server when it has one, else its <c>target:</c> (sim by default).
    /// </summary>
    private static TargetSpec SpaceTarget(SpaceDocument? document)
    {
        if (document is null)
        {
            return new TargetSpec.Simulated();
        }

        TargetSpec named;
        try
        {
            named = TargetSpec.Parse(document.Space.Target);
        }
        catch (TargetException e)
        {
            throw document.ErrorAt("target", e.Message);
        }

        return named is not TargetSpec.ExternalServer && ServingYamlReader.HasServer(document)
            ? new TargetSpec.LaunchedServer(document.Path)
            : named;
    }

    private static SpaceDocument Require(SpaceDocument? document, TargetSpec target) =>
        document ?? throw new TargetException($"target '{target}' needs --space");

    /// <param name="builtIn">The space is the built-in one: its GPU knobs are fitted to the GPU the run names, its
    /// baseline to the model.</param>
    private TargetSetup CreateSimulated(
        OptimizeRequest request,
        TargetSpec.Simulated target,
        SpaceDocument document,
        bool builtIn
    )
    {
        var space = document.Space;
        var host = simulatedHost();
        var model = request.Model ?? space.Model ?? "Qwen/Qwen3-8B";
        var gpu = request.Gpu ?? space.GpuModel ?? "H100-SXM-80GB";
        if (_diffusion.Value.Models.TryGet(model, out var diffusionModel))
        {
            return DiffusionTargetBuilder.Create(
                request,
                target,
                space,
                _diffusion.Value,
                diffusionModel!,
                gpu,
                builtIn
            );
        }

        if (!host.Models.TryGet(model, out _))
        {
            var unknown = new UnknownCatalogEntryException(
                "model",
                model,
                [.. host.Models.Ids, .. _diffusion.Value.Models.Ids]
            );
            throw request.Model is null ? document.ErrorAt("model", unknown.Message) : unknown;
        }

        GpuKind kind;
        try
        {
            kind = host.Gpus.Get(gpu);
        }
        catch (UnknownCatalogEntryException e) when (request.Gpu is null)
        {
            throw document.ErrorAt("gpu_model", e.Message);
        }

        if (builtIn)
        {
            space = GpuFittedSpace.Fit(space, kind);
            gpu = kind.Id;
            space = ModelFittedBaseline.Fit(space, host, model, gpu);
        }
        var load = LoadPlanParser.ParseSpec(request.Load ?? space.Load);
        if ((request.Workload ?? space.Workload) is { } workload)
        {
            load = load.WithWorkload(
                Workloads.TryParse(workload, out var named)
                    ? named!
                    : throw new LoadSpecException(Workloads.Unknown(workload))
            );
        }

        if (load.Kind == LoadKind.Trace)
        {
            // Read once now, so that a missing or broken trace is the person's input, not a failed trial.
            TraceFileReader.ReadLines(load.TracePath!, load.Selection);
        }

        var tuned = space with { Model = model, GpuModel = gpu, Load = load.ToString() };
        return TargetSetup.Hostless(
            tuned,
            target,
            new SimulatedEvaluator(
                host,
                tuned,
                model,
                gpu,
                load,
                request.Seed,
                request.Slo,
                ServingYamlReader.ReadTrial(document)
            )
        );
    }

    private bool IsDiffusion(string? model) => model is not null && _diffusion.Value.Models.TryGet(model, out _);

    private TargetSetup CreateReplay(TargetSpec.Replay target, OptimizeRequest request, SearchSpace? yamlSpace)
    {
        var load = (request.Load ?? yamlSpace?.Load)?.Trim();
        var workload = request.Workload ?? yamlSpace?.Workload;
        if (load is not (null or "saturate") || workload is not null)
        {
            // Published rows were measured under the benchmark's own load and requests; quoting them as another
            // load's (a Poisson rate every configuration "kept up" with) would compare what was never measured.
            throw new TargetException(
                $"load {load ?? "saturate"}{(workload is null ? "" : $", workload {workload}")}: a "
                    + "replay serves its published measurements, taken under the benchmark's own saturating load and "
                    + "requests; to measure another load or workload use --target sim or a serving host"
            );
        }

        var table = new ReplayTableLoader(shipped.DataDirectory).Load(target.Source);
        var model =
            request.Model
            ?? yamlSpace?.Model
            ?? throw new TargetException($"replay needs --model; {table.Task} has: {string.Join(", ", table.Models)}");
        var gpu = request.Gpu ?? yamlSpace?.GpuModel;
        var rows = ReplaySpaceFactory.Rows(table, model, gpu);
        var space = yamlSpace is null
            ? ReplaySpaceFactory.Create(table, model, gpu, request.Slo)
            : yamlSpace with
            {
                Model = model,
                GpuModel = gpu,
                // A diffusion space serves images and videos alike: the energy is per output the table counts.
                Objective =
                    table.Workload == ReplayWorkload.Diffusion
                        ? ReplaySpaceFactory.ObjectiveOf(rows)
                        : yamlSpace.Objective,
            };
        var noise = request.Noise > 0 ? new ReplayNoise(request.Noise, request.Seed) : ReplayNoise.None;
        return TargetSetup.Hostless(space, target, new ReplayEvaluator(table, rows, noise));
    }
}
