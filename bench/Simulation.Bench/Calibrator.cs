using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// Fits free constants to the rows <c>engine.json</c> names as fitted for one GPU kind, each row run as the
/// ML.ENERGY benchmark ran it (see <see cref="BenchmarkProtocols"/>) (Nelder–Mead on
/// log-scaled parameters, least squares of log errors of median ITL, p99 ITL (quarter weight), J/token and power)
/// and prints them. On the H100 it fits the engine's constants and the H100's power coefficients; on any other GPU
/// kind that kind's achieved bandwidth and overhead ratios, its host's stall rate and lengths (one GPU, several)
/// and power coefficients (the engine's constants stay as fitted on the H100; its compute rate stays the
/// datasheet's). The tails fit moves only what shapes the inter-token tail (on the H100 the prompt-step overheads
/// per layer and per mixture-of-experts layer and the host stalls, elsewhere the host's stall rate and lengths), with
/// p99 ITL at full weight.
/// </summary>
internal static class Calibrator
{
    private static readonly string[] EngineNames =
    [
        "gemm_efficiency",
        "weight_bandwidth_efficiency",
        "attention_bandwidth_efficiency",
        "attention_compute_efficiency",
        "step_overhead_seconds",
        "per_sequence_overhead_seconds",
        "allreduce_bandwidth_efficiency",
        "latency_seconds",
        "roofline_exponent",
        "mixed_step_overhead_seconds_per_layer",
        "host_stalls_per_second",
        "host_stall_seconds",
        "host_stall_seconds_per_sequence",
        "host_stall_share_multi_gpu",
        "mixed_step_overhead_seconds_per_moe_layer",
    ];

    /// <summary>The engine constants that shape the inter-token tail (the tails fit moves only these).</summary>
    private static readonly int[] TailIndices = [9, 10, 11, 12, 13, 14];

    private static readonly string[] ScaleNames =
    [
        "achieved.bandwidth",
        "achieved.overhead",
        "achieved.stall",
        "achieved.multi_gpu_stall",
        "achieved.stall_rate",
    ];

    private static readonly string[] PowerNames =
    [
        "static_watts",
        "core_dynamic_watts",
        "memory_watts",
        "memory_bound_activity",
        "stall_activity",
        "attention_activity",
    ];

    /// <summary>
    /// Attention's achieved share of peak bandwidth, held fixed: decode attention kernels (FlashAttention,
    /// FlashInfer) stream long KV caches at about nine tenths of HBM bandwidth. Left free, the chat rows (short
    /// contexts) would trade it against the per-sequence overhead and overcharge long contexts.
    /// </summary>
    private const double AttentionBandwidthEfficiency = 0.9;

    /// <param name="tailsOnly">Fit only the constants of the inter-token tail (overheads of steps with prompt chunks
    /// per layer and per mixture-of-experts layer, host stalls), p99 ITL at full weight, the rest held as they are.
    /// </param>
    public static void Fit(
        SimulatedHost host,
        IReadOnlyList<MeasuredRow> rows,
        string gpuName,
        TextWriter output,
        bool tailsOnly = false
    )
    {
        var gpuId = host.Gpus.Get(gpuName).Id;
        var engineToo = gpuId == "H100-SXM-80GB";
        var fitRows = rows.Where(r =>
                host.Gpus.TryGet(r.Gpu, out var g)
                && g!.Id == gpuId
                && host.Calibration.IsFitted(r.Task, gpuId, r.ModelId)
            )
            .ToList();
        var protocols = BenchmarkProtocols.LoadDefault();
        string[] names = engineToo ? [.. EngineNames, .. PowerNames] : [.. ScaleNames, .. PowerNames[..3]];
        int[] tails = engineToo ? TailIndices : [2, 3, 4];
        var start = Read(host, gpuId, engineToo);
        int[] free = tailsOnly ? tails : [.. Enumerable.Range(0, start.Length)];
        double[] Values(Vector<double> x)
        {
            var values = (double[])start.Clone();
            for (var i = 0; i < free.Length; i++)
            {
                values[free[i]] *= Math.Exp(x[i]);
            }

            return values;
        }

        var p99Weight = tailsOnly ? 1.0 : 0.25;
        double Objective(Vector<double> x)
        {
            var values = Values(x);
            if (engineToo)
            {
                values[2] = AttentionBandwidthEfficiency;
            }

            if (
                engineToo
                && (
                    values[0] > 0.85
                    || values[1] > 0.95
                    || values[2] > 0.95
                    || values[3] > 0.95
                    || values[6] > 0.95
                    || values[8] < 1
                    || values[13] > 1
                    || values[18] > 1
                    || values[19] > 1
                    || values[20] > 1
                )
            )
            {
                return 1e6;
            }

            var candidate = Build(host, gpuId, engineToo, values);
            var simulated = new SimulatedRow[fitRows.Count];
            Parallel.For(
                0,
                fitRows.Count,
                i => simulated[i] = Comparison.Simulate(candidate, fitRows[i], 1, protocol: protocols.For(fitRows[i]))
            );
            double sum = 0;
            foreach (var r in simulated)
            {
                if (!r.Covered)
                {
                    return 1e6;
                }

                sum +=
                    Square(Math.Log(1 + r.ItlError))
                    + (p99Weight * Square(Math.Log(1 + r.P99Error)))
                    + Square(Math.Log(1 + r.EnergyError))
                    + Square(Math.Log(1 + r.PowerError));
            }

            return sum;
        }

        var solver = new NelderMeadSimplex(1e-4, engineToo && !tailsOnly ? 1500 : 400);
        var initial = Vector<double>.Build.Dense(free.Length);
        var steps = Vector<double>.Build.Dense(free.Length, 0.2);
        var result = solver.FindMinimum(ObjectiveFunction.Value(Objective), initial, steps);
        var best = Values(result.MinimizingPoint);
        if (engineToo)
        {
            best[2] = AttentionBandwidthEfficiency;
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(
            string.Create(
                c,
                $"{fitRows.Count} rows; objective {result.FunctionInfoAtMinimum.Value:F4} after {result.Iterations} "
                    + $"iterations"
            )
        );
        for (var i = 0; i < names.Length; i++)
        {
            output.WriteLine(string.Create(c, $"{names[i]}: {best[i]:G4}"));
        }

        var fitted = Build(host, gpuId, engineToo, best);
        Comparison.PrintTable(
            fitRows.Select(r => Comparison.Simulate(fitted, r, 1, protocol: protocols.For(r))),
            output
        );
    }

    private static readonly double[] FirstTurnMeans = [60, 90, 120];
    private static readonly double[] FirstTurnSigmas = [1.0, 1.2, 1.4];
    private static readonly double[] FollowUpShares = [0.1, 0.15, 0.2, 0.25];
    private static readonly double[] FollowUpMeans = [900, 1200];

    /// <summary>
    /// Grid of LMArena prompt-length distributions (first turns' mean and log-space spread; the share and mean of the
    /// follow-up turns, whose prompt carries the conversation so far, their spread held at 0.8) scored on the fitted
    /// rows with the shipped constants: the prompts' tail sets the tail of the inter-token latency.
    /// </summary>
    public static void FitChatPrompts(SimulatedHost host, IReadOnlyList<MeasuredRow> rows, TextWriter output)
    {
        var fitRows = rows.Where(r =>
                r.Task == "lm-arena-chat"
                && host.Gpus.TryGet(r.Gpu, out var g)
                && host.Calibration.IsFitted(r.Task, g!.Id, r.ModelId)
            )
            .ToList();
        var grid =
            from mean in FirstTurnMeans
            from sigma in FirstTurnSigmas
            from share in FollowUpShares
            from followUp in FollowUpMeans
            select (mean, sigma, share, followUp);
        var protocols = BenchmarkProtocols.LoadDefault();
        foreach (var (mean, sigma, share, followUp) in grid)
        {
            var longer = new LengthDistribution(followUp, RequestLengthProfile.ChatFollowUpSigma, 4, 8192);
            var prompt = new LengthDistribution(mean, sigma, 4, 8192, longer, share);
            var workload = Workloads.LmArenaChat with { Prompt = prompt };
            var simulated = new SimulatedRow[fitRows.Count];
            Parallel.For(
                0,
                fitRows.Count,
                i =>
                    simulated[i] = Comparison.Simulate(
                        host,
                        fitRows[i],
                        3,
                        workloadOverride: workload,
                        protocol: protocols.For(fitRows[i])
                    )
            );
            double itl = 0,
                p99 = 0,
                rest = 0;
            foreach (var r in simulated)
            {
                itl += Square(Math.Log(1 + r.ItlError));
                p99 += Square(Math.Log(1 + r.P99Error));
                rest += Square(Math.Log(1 + r.EnergyError)) + Square(Math.Log(1 + r.PowerError));
            }

            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"first turns mean {mean} sigma {sigma}, follow-ups {share} at mean {followUp}: "
                        + $"sum {itl + p99 + rest:F3} (ITL {itl:F3} p99 {p99:F3} energy+power {rest:F3})"
                )
            );
        }
    }

    private static double Square(double x) => x * x;

    private static double[] Read(SimulatedHost host, string gpuId, bool engineToo)
    {
        var c = host.Calibration;
        var gpu = host.Gpus.Get(gpuId);
        var p = gpu.Power;
        double[] power =
        [
            p.StaticWatts,
            p.CoreDynamicWatts,
            p.MemoryWatts,
            p.MemoryBoundActivity,
            p.StallActivity,
            p.AttentionActivity,
        ];
        var scale = gpu.Achieved ?? AchievedScale.Same;
        var exponent = double.IsFinite(c.RooflineExponent) ? c.RooflineExponent : 4;
        return engineToo
            ?
            [
                c.GemmEfficiency,
                c.WeightBandwidthEfficiency,
                c.AttentionBandwidthEfficiency,
                c.AttentionComputeEfficiency,
                c.StepOverheadSeconds,
                c.PerSequenceOverheadSeconds,
                c.AllreduceBandwidthEfficiency,
                gpu.Interconnect.LatencySeconds,
                exponent,
                c.MixedStepOverheadSecondsPerLayer > 0 ? c.MixedStepOverheadSecondsPerLayer : 5e-5,
                c.HostStallsPerSecond > 0 ? c.HostStallsPerSecond : 2,
                c.HostStallSeconds > 0 ? c.HostStallSeconds : 0.004,
                c.HostStallSecondsPerSequence > 0 ? c.HostStallSecondsPerSequence : 2e-5,
                c.HostStallShareMultiGpu,
                c.MixedStepOverheadSecondsPerMoeLayer > 0 ? c.MixedStepOverheadSecondsPerMoeLayer : 1e-4,
                .. power,
            ]
            :
            [
                scale.Bandwidth,
                scale.Overhead,
                scale.Stall,
                scale.MultiGpuStall ?? (scale.Stall * c.HostStallShareMultiGpu),
                scale.StallRate,
                .. power[..3],
            ];
    }

    private static SimulatedHost Build(SimulatedHost host, string gpuId, bool engineToo, double[] v)
    {
        var kind = host.Gpus.Get(gpuId);
        var p = kind.Power;
        if (!engineToo)
        {
            var gpuOnly = kind with
            {
                Achieved = new AchievedScale(
                    v[0],
                    (kind.Achieved ?? AchievedScale.Same).Compute,
                    v[1],
                    v[2],
                    v[3],
                    v[4],
                    (kind.Achieved ?? AchievedScale.Same).EncoderAttention
                ),
                Power = p with { StaticWatts = v[5], CoreDynamicWatts = v[6], MemoryWatts = v[7] },
            };
            return new SimulatedHost(new GpuCatalog([gpuOnly]), host.Models, host.Calibration);
        }

        var calibration = host.Calibration with
        {
            GemmEfficiency = v[0],
            WeightBandwidthEfficiency = v[1],
            AttentionBandwidthEfficiency = v[2],
            AttentionComputeEfficiency = v[3],
            StepOverheadSeconds = v[4],
            PerSequenceOverheadSeconds = v[5],
            AllreduceBandwidthEfficiency = v[6],
            RooflineExponent = v[8],
            MixedStepOverheadSecondsPerLayer = v[9],
            HostStallsPerSecond = v[10],
            HostStallSeconds = v[11],
            HostStallSecondsPerSequence = v[12],
            HostStallShareMultiGpu = v[13],
            MixedStepOverheadSecondsPerMoeLayer = v[14],
        };
        var gpu = kind with
        {
            Interconnect = kind.Interconnect with { LatencySeconds = v[7] },
            Power = new GpuPowerCoefficients(p.IdleWatts, v[15], v[16], v[17], v[18], v[20], v[19]),
        };
        return new SimulatedHost(new GpuCatalog([gpu]), host.Models, calibration);
    }
}
