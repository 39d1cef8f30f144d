using System.Globalization;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation;

/// <summary>Why a configuration cannot run, found before any simulation; null when it can.</summary>
internal static class FeasibilityCheck
{
    public static string? FindProblem(SimulatedServingConfig config, ModelArchitecture model, GpuKind gpu, EngineCalibration calibration)
    {
        var c = CultureInfo.InvariantCulture;
        if (config.TensorParallel < 1 || config.Replicas < 1 || config.MaxNumSeqs < 1)
        {
            return "tensor_parallel, replicas and max_num_seqs must each be at least 1";
        }

        if (config.ServingGpuCount > config.HostGpuCount)
        {
            return string.Create(c, $"tensor_parallel {config.TensorParallel} × replicas {config.Replicas} needs {config.ServingGpuCount} GPUs; the host has {config.HostGpuCount}");
        }

        if (model.AttentionHeads % config.TensorParallel != 0)
        {
            return string.Create(c, $"{model.Id} has {model.AttentionHeads} attention heads, which tensor_parallel {config.TensorParallel} does not divide");
        }

        if (config.SmClockCapMhz is { } cap && cap < gpu.SmClock.MinMhz)
        {
            return string.Create(c, $"sm_clock_cap_mhz {cap} is below the {gpu.Id}'s lowest SM clock, {gpu.SmClock.MinMhz} MHz");
        }

        if (config.PowerLimitWatts is { } limit && !gpu.PowerLimit.Contains(limit))
        {
            return string.Create(c, $"power_limit_w {limit} is outside the {gpu.Id}'s range {gpu.PowerLimit.MinWatts}–{gpu.PowerLimit.MaxWatts} W");
        }

        var cost = new StepCostModel(model, gpu, calibration, config.TensorParallel);
        var usable = (gpu.MemoryBytes * calibration.GpuMemoryUtilization) - calibration.ActivationReserveBytes;
        if (cost.WeightBytesPerGpu >= usable)
        {
            return string.Create(c, $"{model.Id} needs {cost.WeightBytesPerGpu / 1e9:F1} GB of weights per GPU at tensor_parallel {config.TensorParallel}; a {gpu.Id} has {usable / 1e9:F1} GB for weights and KV cache");
        }

        var maxLen = Math.Min(calibration.MaxModelLen, model.MaxPositionEmbeddings);
        if (cost.KvCapacityTokens < maxLen)
        {
            return string.Create(c, $"the KV cache holds {cost.KvCapacityTokens} tokens per replica, fewer than one {maxLen}-token sequence (raise tensor_parallel)");
        }

        return null;
    }
}
