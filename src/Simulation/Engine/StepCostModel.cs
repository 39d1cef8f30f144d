using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// What one engine step asks of each GPU of a tensor-parallel group. Matmuls read every weight once per step
/// and do 2 FLOPs per weight per token (memory-bound at small batch, compute-bound at large); attention reads
/// each decoding sequence's KV cache; tensor parallelism splits weights, heads and KV and adds two
/// all-reduces per layer; the host adds a fixed and a per-sequence overhead.
/// </summary>
internal sealed class StepCostModel
{
    private readonly double matmulSecondsPerToken;
    private readonly double weightSeconds;
    private readonly double attentionComputeSecondsPerPair;
    private readonly double kvSecondsPerToken;
    private readonly double kvPeakSecondsPerToken;
    private readonly double weightPeakSeconds;
    private readonly double allreduceFixedSeconds;
    private readonly double allreduceSecondsPerToken;
    private readonly double stepOverhead;
    private readonly double perSequenceOverhead;

    public StepCostModel(ModelArchitecture model, GpuKind gpu, EngineCalibration calibration, int tensorParallel)
    {
        var tp = tensorParallel;
        var bandwidth = gpu.MemoryBandwidthBytesPerSecond;
        var flops = gpu.DenseBf16FlopsPerSecond;
        var matmulBytes = (double)model.MatmulParameters * model.BytesPerWeight / tp;
        KvBytesPerTokenPerGpu = (double)model.KvBytesPerToken / Math.Min(tp, model.KvHeads);
        WeightBytesPerGpu = (double)model.WeightBytes / tp;

        matmulSecondsPerToken = 2.0 * model.MatmulParameters / tp / (flops * calibration.GemmEfficiency);
        weightSeconds = matmulBytes / (bandwidth * calibration.WeightBandwidthEfficiency);
        weightPeakSeconds = matmulBytes / bandwidth;
        attentionComputeSecondsPerPair = 4.0 * model.Layers * model.AttentionHeads * model.HeadDim / tp
            / (flops * calibration.AttentionComputeEfficiency);
        kvSecondsPerToken = KvBytesPerTokenPerGpu / (bandwidth * calibration.AttentionBandwidthEfficiency);
        kvPeakSecondsPerToken = KvBytesPerTokenPerGpu / bandwidth;
        if (tp > 1)
        {
            var allreduces = 2.0 * model.Layers;
            var ringFactor = 2.0 * (tp - 1) / tp;
            var link = gpu.Interconnect.BytesPerSecond * calibration.AllreduceBandwidthEfficiency;
            allreduceFixedSeconds = allreduces * gpu.Interconnect.LatencySeconds;
            allreduceSecondsPerToken = allreduces * model.HiddenSize * model.BytesPerWeight * ringFactor / link;
        }

        stepOverhead = calibration.StepOverheadSeconds;
        perSequenceOverhead = calibration.PerSequenceOverheadSeconds;
        var usable = (gpu.MemoryBytes * calibration.GpuMemoryUtilization) - WeightBytesPerGpu - calibration.ActivationReserveBytes;
        KvCapacityTokens = usable <= 0 ? 0 : (long)(usable / KvBytesPerTokenPerGpu);
    }

    public double WeightBytesPerGpu { get; }

    public double KvBytesPerTokenPerGpu { get; }

    /// <summary>Tokens of KV cache the replica can hold (every GPU of the group holds its share of each).</summary>
    public long KvCapacityTokens { get; }

    /// <param name="decodeTokens">Sequences producing their next token this step.</param>
    /// <param name="decodeContext">Sum of those sequences' context lengths (tokens whose KV is read).</param>
    /// <param name="prefillTokens">Prompt tokens processed this step (chunked prefill).</param>
    /// <param name="prefillPairs">Query-key pairs of the prefill chunks' attention.</param>
    /// <param name="sequences">Sequences the scheduler tracks this step.</param>
    public KernelMix Mix(int decodeTokens, double decodeContext, int prefillTokens, double prefillPairs, int sequences)
    {
        var tokens = decodeTokens + prefillTokens;
        var kvTokens = decodeContext + prefillTokens;
        return new KernelMix(
            MatmulComputeSeconds: tokens * matmulSecondsPerToken,
            MatmulMemorySeconds: weightSeconds,
            AttentionComputeSeconds: (decodeContext + prefillPairs) * attentionComputeSecondsPerPair,
            AttentionMemorySeconds: kvTokens * kvSecondsPerToken,
            PeakBandwidthSeconds: weightPeakSeconds + (kvTokens * kvPeakSecondsPerToken),
            StallSeconds: stepOverhead + (perSequenceOverhead * sequences) + allreduceFixedSeconds + (tokens * allreduceSecondsPerToken));
    }
}
