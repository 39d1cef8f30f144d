using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// Fits free constants to the rows <c>engine.json</c> names as fitted for one GPU kind (Nelder–Mead on
/// log-scaled parameters, least squares of log errors of median ITL, J/token and power) and prints them. On the
/// H100 it fits the engine's constants and the H100's power coefficients; on any other GPU kind only that kind's
/// power coefficients (the engine's constants are shared and stay as fitted on the H100).
/// </summary>
internal static class Calibrator
{
    private static readonly string[] EngineNames =
    [
        "gemm_efficiency", "weight_bandwidth_efficiency", "attention_bandwidth_efficiency",
        "attention_compute_efficiency", "step_overhead_seconds", "per_sequence_overhead_seconds",
        "allreduce_bandwidth_efficiency", "latency_seconds",
    ];

    private static readonly string[] PowerNames =
    [
        "static_watts", "core_dynamic_watts", "memory_watts", "memory_bound_activity", "stall_activity",
        "attention_activity",
    ];

    public static void Fit(SimulatedHost host, IReadOnlyList<MeasuredRow> rows, string gpuName, TextWriter output)
    {
        var gpuId = host.Gpus.Get(gpuName).Id;
        var engineToo = gpuId == "H100-SXM-80GB";
        var fitRows = rows.Where(r => host.Gpus.TryGet(r.Gpu, out var g) && g!.Id == gpuId
            && host.Calibration.IsFitted(r.Task, gpuId, r.ModelId)).ToList();
        var names = engineToo ? [.. EngineNames, .. PowerNames] : PowerNames[..3];
        var start = Read(host, gpuId, engineToo);
        double Objective(Vector<double> x)
        {
            var values = start.Select((v, i) => v * Math.Exp(x[i])).ToArray();
            if (engineToo && (values[0] > 0.85 || values[1] > 0.95 || values[2] > 0.95 || values[3] > 0.95
                || values[6] > 0.95 || values[11] > 1 || values[12] > 1 || values[13] > 1))
            {
                return 1e6;
            }

            var candidate = Build(host, gpuId, engineToo, values);
            double sum = 0;
            foreach (var row in fitRows)
            {
                var r = Comparison.Simulate(candidate, row, 1, 10, 25);
                sum += Square(Math.Log(1 + r.ItlError)) + Square(Math.Log(1 + r.EnergyError))
                    + Square(Math.Log(1 + r.PowerError));
            }

            return sum;
        }

        var solver = new NelderMeadSimplex(1e-4, engineToo ? 1500 : 150);
        var initial = Vector<double>.Build.Dense(start.Length);
        var steps = Vector<double>.Build.Dense(start.Length, 0.2);
        var result = solver.FindMinimum(ObjectiveFunction.Value(Objective), initial, steps);
        var best = start.Select((v, i) => v * Math.Exp(result.MinimizingPoint[i])).ToArray();
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"{fitRows.Count} rows; objective {result.FunctionInfoAtMinimum.Value:F4} after {result.Iterations} iterations"));
        for (var i = 0; i < names.Length; i++)
        {
            output.WriteLine(string.Create(c, $"{names[i]}: {best[i]:G4}"));
        }

        var fitted = Build(host, gpuId, engineToo, best);
        Comparison.PrintTable(fitRows.Select(r => Comparison.Simulate(fitted, r, 1)), output);
    }

    private static double Square(double x) => x * x;

    private static double[] Read(SimulatedHost host, string gpuId, bool engineToo)
    {
        var c = host.Calibration;
        var gpu = host.Gpus.Get(gpuId);
        var p = gpu.Power;
        double[] power = [p.StaticWatts, p.CoreDynamicWatts, p.MemoryWatts, p.MemoryBoundActivity, p.StallActivity,
            p.AttentionActivity];
        return engineToo
            ?
            [
                c.GemmEfficiency, c.WeightBandwidthEfficiency, c.AttentionBandwidthEfficiency,
                c.AttentionComputeEfficiency, c.StepOverheadSeconds, c.PerSequenceOverheadSeconds,
                c.AllreduceBandwidthEfficiency, gpu.Interconnect.LatencySeconds, .. power,
            ]
            : power[..3];
    }

    private static SimulatedHost Build(SimulatedHost host, string gpuId, bool engineToo, double[] v)
    {
        var kind = host.Gpus.Get(gpuId);
        var p = kind.Power;
        if (!engineToo)
        {
            var gpuOnly = kind with { Power = p with { StaticWatts = v[0], CoreDynamicWatts = v[1], MemoryWatts = v[2] } };
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
        };
        var gpu = kind with
        {
            Interconnect = kind.Interconnect with { LatencySeconds = v[7] },
            Power = new GpuPowerCoefficients(p.IdleWatts, v[8], v[9], v[10], v[11], v[13], v[12]),
        };
        return new SimulatedHost(new GpuCatalog([gpu]), host.Models, calibration);
    }
}
