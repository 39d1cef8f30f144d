using System.Globalization;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// What one engine step costs, term by term, for a model on one GPU of a kind: a decode-only step of a batch and the
/// same step carrying one prompt, and the host stalls that may fall in either (bench -- step MODEL GPU SEQS PROMPT
/// CONTEXT). Milliseconds at the maximum clock and the default power limit, one GPU (no tensor parallelism); a model
/// with Mamba layers keeps its SSM state in float32, as every ML.ENERGY v3 configuration of one sets.
/// </summary>
internal static class StepBreakdown
{
    public static void Run(
        SimulatedHost host,
        string model,
        string gpuId,
        int sequences,
        int prompt,
        int context,
        TextWriter output
    )
    {
        var architecture = host.Models.Get(model);
        var gpu = host.Gpus.Get(gpuId);
        var calibration = host.Calibration with { MambaSsmStateBytes = architecture.Mamba is null ? 0 : 4 };
        var cost = new StepCostModel(architecture, gpu, calibration, 1);
        var power = new GpuPowerModel(gpu, null, null, calibration.RooflineExponent);
        var decode = cost.Mix(sequences, (double)sequences * context, 0, 0, sequences);
        var admit = cost.Mix(sequences, (double)sequences * context, prompt, prompt * (prompt / 2.0), sequences + 1);
        output.WriteLine($"{model} on {gpu.Id}: {sequences} sequences of {context} tokens, a prompt of {prompt}");
        output.WriteLine(
            "| step | matmul compute | matmul memory | attention compute | attention memory | stalls "
                + "| serial | duration ms | W |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Row(output, "decode", decode, power.Execute(decode));
        Row(output, "decode + prompt", admit, power.Execute(admit));
        var achieved = gpu.Achieved ?? AchievedScale.Same;
        var stall =
            (calibration.HostStallSeconds * achieved.Stall) + (calibration.HostStallSecondsPerSequence * sequences);
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"host stalls: {calibration.HostStallsPerSecond * achieved.StallRate:0.###}/s, "
                    + $"{1e3 * stall:0.##} ms each at {sequences} sequences"
            )
        );
    }

    private static void Row(TextWriter output, string name, KernelMix mix, OperatingPoint point) =>
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {1e3 * mix.MatmulComputeSeconds:0.###} | {1e3 * mix.MatmulMemorySeconds:0.###} "
                    + $"| {1e3 * mix.AttentionComputeSeconds:0.###} | {1e3 * mix.AttentionMemorySeconds:0.###} "
                    + $"| {1e3 * mix.StallSeconds:0.###} | {1e3 * mix.SerialComputeSeconds:0.###} "
                    + $"| {1e3 * point.DurationSeconds:0.###} | {point.PowerWatts:0} |"
            )
        );
}
