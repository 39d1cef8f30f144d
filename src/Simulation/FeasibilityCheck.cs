using System.Globalization;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;
using MLEnergy.Units;

namespace MLEnergy.Simulation;

/// <summary>Why a configuration cannot run, found before any simulation; null when it can.</summary>
internal static class FeasibilityCheck
{
    /// <summary>The longest sequence the server admits: the configuration's, else the workload's, else the engine's
    /// default, never more than the model's context.</summary>
    public static int MaxModelLen(
        SimulatedServingConfig config,
        ModelArchitecture model,
        EngineCalibration calibration,
        Workload? workload
    ) => Math.Min(config.MaxModelLen ?? workload?.MaxModelLen ?? calibration.MaxModelLen, model.MaxPositionEmbeddings);

    public static string? FindProblem(
        SimulatedServingConfig config,
        ModelArchitecture model,
        GpuKind gpu,
        EngineCalibration calibration,
        Workload? workload
    ) => Find(config, model, gpu, calibration, workload)?.Text;

    /// <summary>Why the configuration cannot run, with the kind of cause; null when it can.</summary>
    public static FeasibilityProblem? Find(
        SimulatedServingConfig config,
        ModelArchitecture model,
        GpuKind gpu,
        EngineCalibration calibration,
        Workload? workload
    )
    {
        FeasibilityProblem Invalid(string text) =>
            new(FeasibilityProblemKind.InvalidKnobs, text, config.ReplicaGpuCount);
        var c = CultureInfo.InvariantCulture;
        if (config.TensorParallel < 1 || config.Replicas < 1 || config.MaxNumSeqs < 1 || config.DataParallel < 1)
        {
            return Invalid("tensor_parallel, data_parallel, replicas and max_num_seqs must each be at least 1");
        }

        if (config.ServingGpuCount > config.HostGpuCount)
        {
            var ranks = config.DataParallel > 1 ? $" × data_parallel {config.DataParallel}" : string.Empty;
            return Invalid(
                string.Create(
                    c,
                    $"tensor_parallel {config.TensorParallel}{ranks} × replicas {config.Replicas} needs "
                        + $"{CountText.Of(config.ServingGpuCount, "GPU")}; the host has {config.HostGpuCount}"
                )
            );
        }

        if (config.DataParallel > 1 && !config.ExpertParallel)
        {
            return Invalid(
                "data_parallel above 1 needs expert parallelism (data-parallel attention of a mixture-of-experts "
                    + "model)"
            );
        }

        if (model.AttentionHeads % config.TensorParallel != 0)
        {
            return Invalid(
                string.Create(
                    c,
                    $"{model.Id} has {model.AttentionHeads} attention heads, which tensor_parallel "
                        + $"{config.TensorParallel} does not divide"
                )
            );
        }

        if (config.SmClockCapMhz is { } cap && cap < gpu.SmClock.MinMhz)
        {
            return Invalid(
                string.Create(
                    c,
                    $"sm_clock_cap_mhz {cap} is below the {gpu.Id}'s lowest SM clock, {gpu.SmClock.MinMhz} MHz"
                )
            );
        }

        if (config.PowerLimitWatts is { } limit && !gpu.PowerLimit.Contains(limit))
        {
            return Invalid(
                string.Create(
                    c,
                    $"power_limit_w {limit} is outside the {gpu.Id}'s range "
                        + $"{gpu.PowerLimit.MinWatts}–{gpu.PowerLimit.MaxWatts} W"
                )
            );
        }

        if (config.MaxModelLen is < 16)
        {
            return Invalid("max_model_len must be at least 16 tokens");
        }

        if (config.ExpertParallel && model.Moe is null)
        {
            return Invalid($"{model.Id} has no experts to split (expert parallelism needs a mixture-of-experts model)");
        }

        if (config.ExpertParallel && model.Moe!.Experts % config.ReplicaGpuCount != 0)
        {
            var gpus = CountText.Of(config.ReplicaGpuCount, "GPU");
            return Invalid(
                string.Create(c, $"{model.Id}'s {model.Moe.Experts} experts do not split evenly over {gpus}")
            );
        }

        var cost = new StepCostModel(
            model,
            gpu,
            calibration,
            config.TensorParallel,
            config.ExpertParallel,
            dataParallel: config.DataParallel
        );
        var usable = (gpu.MemoryBytes * calibration.GpuMemoryUtilization) - calibration.ActivationReserveBytes;
        if (cost.WeightBytesPerGpu >= usable)
        {
            return new(
                FeasibilityProblemKind.WeightsDoNotFit,
                string.Create(
                    c,
                    $"{model.Id} needs {cost.WeightBytesPerGpu / 1e9:F1} GB of weights per GPU at tensor_parallel "
                        + $"{config.TensorParallel}; a {gpu.Id} has {usable / 1e9:F1} GB for weights and KV cache"
                ),
                config.ReplicaGpuCount
            );
        }

        var maxLen = MaxModelLen(config, model, calibration, workload);
        if (cost.KvCapacityTokens < maxLen + cost.StateTokensPerSequence)
        {
            return new(
                FeasibilityProblemKind.KvCacheTooSmall,
                string.Create(
                    c,
                    $"the KV cache holds {cost.KvCapacityTokens} tokens per replica, fewer than one {maxLen}-token "
                        + $"sequence (raise tensor_parallel)"
                ),
                config.ReplicaGpuCount
            );
        }

        return null;
    }
}
