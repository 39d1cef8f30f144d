using System.Globalization;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Diffusion;

/// <summary>
/// A simulated diffusion server: a batch is the text encoders' pass, the denoising steps, and the VAE decode.
/// Each step runs the transformer over the batch's tokens (doubled by classifier-free guidance): 2 FLOPs per
/// weight per token at the engine's GEMM efficiency, and attention's 4·hidden FLOPs per query-key pair at
/// <see cref="AttentionEfficiency"/>, split over the sequence-parallel GPUs, which exchange activations
/// (Ulysses: four all-to-alls per layer; ring: each KV block passed round the ring). Diffusion pipelines run
/// eagerly: every layer of every step pays the engine's per-layer overhead of steps outside CUDA graphs, and its
/// unfused elementwise kernels stream the activations through memory. The
/// GPU power model turns each piece into time and power under the clock cap and power limit. What the FLOP count does
/// not see comes from <see cref="DiffusionPipelineCosts"/>, fitted per GPU kind on one image model: the share of a
/// step the tensor cores are busy, decode and post-processing per output pixel (on one GPU while the rest of the group
/// waits), and a fixed latency per exchange between the sequence-parallel GPUs.
/// </summary>
public sealed class DiffusionHost(
    GpuCatalog gpus,
    DiffusionCatalog models,
    EngineCalibration calibration,
    DiffusionCalibration pipeline
)
{
    /// <summary>VAE decoder FLOPs per output pixel (an estimate: SD/FLUX-style 2D and Wan-style 3D decoders).</summary>
    public const double VaeFlopsPerPixel = 2.5e6;

    /// <summary>
    /// Achieved share of peak tensor FLOP/s of attention over long sequences (FlashAttention-2 forward through
    /// PyTorch's scaled-dot-product attention reaches about 0.4 of peak on Hopper); not fitted.
    /// </summary>
    public const double AttentionEfficiency = 0.4;

    /// <summary>
    /// Activation-sized reads and writes of one transformer block's unfused elementwise kernels in eager PyTorch
    /// (norms, adaptive-norm modulation, rotary embedding, activation function, gated residuals; counted from a
    /// DiT block, the MLP's 4x-wide activations counted four times).
    /// </summary>
    public const double ElementwisePassesPerLayer = 30;

    /// <summary>Text-encoder FLOPs per prompt (T5-XXL-sized encoder over a few hundred tokens).</summary>
    public const double TextEncoderFlops = 2.5e12;

    public GpuCatalog Gpus { get; } = gpus;

    public DiffusionCatalog Models { get; } = models;

    public DiffusionCalibration Pipeline { get; } = pipeline;

    public static DiffusionHost CreateDefault() =>
        new(
            GpuCatalog.LoadDefault(),
            DiffusionCatalog.LoadDefault(),
            EngineCalibration.LoadDefault(),
            DiffusionCalibration.LoadDefault()
        );

    /// <summary>The same host with other pipeline costs (the fitting harness tries candidates).</summary>
    public DiffusionHost With(DiffusionCalibration costs) => new(Gpus, Models, calibration, costs);

    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    public DiffusionTrialResult Run(DiffusionServingConfig config)
    {
        var model = Models.Get(config.ModelId);
        var gpu = Gpus.Get(config.GpuKind);
        if (config.BatchSize < 1 || config.UlyssesDegree < 1 || config.RingDegree < 1)
        {
            return DiffusionTrialResult.Infeasible(config, "batch size and parallel degrees must each be at least 1");
        }

        var weights = model.Parameters * 2.0;
        if (weights + 4e9 > gpu.MemoryBytes * 0.95)
        {
            return DiffusionTrialResult.Infeasible(
                config,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{model.Id} needs {weights / 1e9:F1} GB of weights on every GPU; a {gpu.Id} has "
                        + $"{gpu.MemoryBytes / 1e9:F0} GB"
                )
            );
        }

        var costs = Pipeline.For(gpu.Id);
        var power = new GpuPowerModel(gpu, config.SmClockCapMhz, config.PowerLimitWatts, calibration.RooflineExponent);
        var step = power.Execute(StepMix(model, gpu, config, costs));
        var steps = config.Steps ?? model.DefaultSteps;
        var flops = gpu.DenseBf16FlopsPerSecond * calibration.GemmEfficiency;
        var encode = power.Execute(
            Compute(TextEncoderFlops * config.BatchSize * model.GuidanceBatches / flops, calibration)
        );

        // The decode runs on one GPU of the group (as xDiT decodes on its last rank) while the others wait for it in a
        // collective, spinning as a stalled GPU does.
        var pixels = (double)model.OutputPixels * config.BatchSize;
        var decode = power.Execute(
            Compute(VaeFlopsPerPixel * pixels / flops, calibration) with
            {
                StallSeconds = calibration.StepOverheadSeconds + (costs.DecodeSecondsPerMegapixel * pixels / 1e6),
            }
        );
        var waiting =
            (config.GpuCount - 1) * power.Execute(new KernelMix(0, 0, 0, 0, 0, decode.DurationSeconds)).EnergyJoules;
        var seconds = (steps * step.DurationSeconds) + decode.DurationSeconds + encode.DurationSeconds;
        var joules =
            (config.GpuCount * ((steps * step.EnergyJoules) + encode.EnergyJoules)) + decode.EnergyJoules + waiting;
        return new DiffusionTrialResult(config, true, null, TimeSpan.FromSeconds(seconds), joules);
    }

    private KernelMix StepMix(
        DiffusionModel model,
        GpuKind gpu,
        DiffusionServingConfig config,
        DiffusionPipelineCosts costs
    )
    {
        var sp = config.GpuCount;
        var sequences = (double)config.BatchSize * model.GuidanceBatches;
        var tokens = model.SequenceTokens;
        var flops = gpu.DenseBf16FlopsPerSecond * calibration.GemmEfficiency;
        var linear = 2.0 * model.Parameters * tokens * sequences / sp / flops;
        var pairs = model.LinearAttention ? tokens * 32.0 : (double)tokens * tokens;
        var attention =
            4.0
            * model.Layers
            * model.HiddenSize
            * pairs
            * sequences
            / sp
            / (gpu.DenseBf16FlopsPerSecond * AttentionEfficiency);
        var weightSeconds = model.Parameters * 2.0 / gpu.MemoryBandwidthBytesPerSecond;
        var elementwisePeak =
            ElementwisePassesPerLayer
            * model.Layers
            * tokens
            * sequences
            / sp
            * model.HiddenSize
            * 2.0
            / gpu.MemoryBandwidthBytesPerSecond;
        var elementwise = elementwisePeak / (calibration.WeightBandwidthEfficiency * (gpu.Achieved?.Bandwidth ?? 1));
        var activation = tokens * sequences / sp * model.HiddenSize * 2.0;
        var link = gpu.Interconnect.BytesPerSecond * calibration.AllreduceBandwidthEfficiency;
        var ulysses =
            config.UlyssesDegree > 1
                ? 4.0 * model.Layers * activation * (config.UlyssesDegree - 1) / config.UlyssesDegree / link
                : 0;
        var ring = config.RingDegree > 1 ? 2.0 * model.Layers * activation * (config.RingDegree - 1) / link : 0;
        var exchanges = model.Layers * ((config.UlyssesDegree > 1 ? 4 : 0) + (config.RingDegree - 1));
        var waits = (linear + attention) * ((1 / costs.TensorShare) - 1);
        return new KernelMix(
            MatmulComputeSeconds: linear,
            MatmulMemorySeconds: weightSeconds / calibration.WeightBandwidthEfficiency,
            AttentionComputeSeconds: attention,
            AttentionMemorySeconds: 0,
            PeakBandwidthSeconds: weightSeconds + elementwisePeak,
            StallSeconds: calibration.StepOverheadSeconds
                + ulysses
                + ring
                + elementwise
                + waits
                + (exchanges * costs.CollectiveLatencySeconds)
                + (model.Layers * calibration.EagerLayerOverheadSeconds)
        );
    }

    private static KernelMix Compute(double seconds, EngineCalibration calibration) =>
        new(seconds, 0, 0, 0, 0, calibration.StepOverheadSeconds);
}
