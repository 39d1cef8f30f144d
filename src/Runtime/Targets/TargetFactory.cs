using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Replay;

namespace MLEnergy.Runtime.Targets;

/// <summary>Turns <c>--target</c> (and <c>--space</c>) into a search space and the evaluator for it.</summary>
public sealed class TargetFactory(ReplayTableLoader replayData)
{
    public const string ReplayPrefix = "replay:";

    public TargetSetup Create(OptimizeRequest request)
    {
        var space = request.SpacePath is null ? null : SearchSpaceYamlReader.ReadFile(request.SpacePath);
        var target = request.Target ?? space?.Target ?? "sim";
        if (target.StartsWith(ReplayPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return CreateReplay(target[ReplayPrefix.Length..], request, space);
        }

        throw new TargetException($"unknown target '{target}': use replay:PATH (a v3 task file, a v2 directory, or {string.Join(", ", ReplayTableLoader.KnownShortNames)})");
    }

    private TargetSetup CreateReplay(string source, OptimizeRequest request, SearchSpace? yamlSpace)
    {
        var table = replayData.Load(source);
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
