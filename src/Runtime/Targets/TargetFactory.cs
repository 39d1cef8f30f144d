using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Replay;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;
using MLEnergy.Runtime.Targets.Http;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Targets;

/// <summary>
/// Turns <c>--target</c> and <c>--space</c> into a search space and the evaluator for it. With neither, the
/// shipped simulated H100 space is tuned on the built-in simulated host.
/// </summary>
public sealed class TargetFactory(ShippedFiles shipped, Func<SimulatedHost> simulatedHost)
{
    public const string ReplayPrefix = "replay:";
    public const string Simulated = "sim";

    public TargetSetup Create(OptimizeRequest request)
    {
        var spacePath = request.SpacePath ?? (request.Target is null or Simulated ? shipped.DefaultSpacePath : null);
        var space = spacePath is null ? null : SearchSpaceYamlReader.ReadFile(spacePath);
        if (space is not null && request.Target is null && !HttpTargetBuilder.IsHttp(space.Target) && ServingYamlReader.HasServer(spacePath!))
        {
            return ServingTargetBuilder.Create(request, space, spacePath!, TimeProvider.System);
        }

        var target = request.Target ?? space?.Target ?? Simulated;
        if (HttpTargetBuilder.IsHttp(target))
        {
            return HttpTargetBuilder.Create(request, target, space, spacePath, TimeProvider.System);
        }

        if (target.StartsWith(ReplayPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return CreateReplay(target[ReplayPrefix.Length..], request, space);
        }

        if (string.Equals(target, Simulated, StringComparison.OrdinalIgnoreCase) && space is not null)
        {
            return CreateSimulated(request, space);
        }

        throw new TargetException(
            $"unknown target '{target}': use sim (the built-in simulated host), http://HOST:PORT (a running OpenAI-compatible server) or replay:PATH (a v3 task file, a v2 directory, or {string.Join(", ", ReplayTableLoader.KnownShortNames)})");
    }

    private TargetSetup CreateSimulated(OptimizeRequest request, SearchSpace space)
    {
        var host = simulatedHost();
        var model = request.Model ?? space.Model ?? "Qwen/Qwen3-8B";
        var gpu = request.Gpu ?? space.GpuModel ?? "H100-SXM-80GB";
        host.Models.Get(model);
        host.Gpus.Get(gpu);
        var load = LoadSpec.Parse(request.Load ?? space.Load);
        if ((request.Workload ?? space.Workload) is { } workload)
        {
            load = load.WithWorkload(Workloads.Parse(workload));
        }

        var tuned = space with { Model = model, GpuModel = gpu, Load = load.ToString() };
        return new TargetSetup(tuned, new SimulatedEvaluator(host, tuned, model, gpu, load, request.Seed), IsSimulated: true);
    }

    private TargetSetup CreateReplay(string source, OptimizeRequest request, SearchSpace? yamlSpace)
    {
        var table = new ReplayTableLoader(shipped.DataDirectory).Load(source);
        var model = request.Model ?? yamlSpace?.Model ?? throw new TargetException(
            $"replay needs --model; {table.Task} has: {string.Join(", ", table.Models)}");
        var gpu = request.Gpu ?? yamlSpace?.GpuModel;
        var rows = ReplaySpaceFactory.Rows(table, model, gpu);
        var space = yamlSpace is null
            ? ReplaySpaceFactory.Create(table, model, gpu, request.Slo)
            : yamlSpace with { Model = model, GpuModel = gpu };
        var noise = request.Noise > 0 ? new ReplayNoise(request.Noise, request.Seed) : ReplayNoise.None;
        return new TargetSetup(space, new ReplayEvaluator(table, rows, noise), IsSimulated: false);
    }
}
