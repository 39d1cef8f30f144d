using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// Fits the engine's and the H100's free constants to the two calibration models (Nelder–Mead on log-scaled
/// parameters, least squares of log errors of median ITL, J/token and power) and prints them.
/// </summary>
internal static class Calibrator
{
    private static readonly string[] Names =
    [
        "gemm_efficiency", "weight_bandwidth_efficiency", "attention_bandwidth_efficiency", "attention_compute_efficiency",
        "step_overhead_seconds", "per_sequence_overhead_seconds", "allreduce_bandwidth_efficiency", "latency_seconds",
        "static_watts", "core_dynamic_watts", "memory_watts", "memory_bound_activity", "stall_activity", "attention_activity",
    ];

    public static void Fit(SimulatedHost host, IReadOnlyList<MeasuredRow> rows, TextWriter output)
    {
        var fitRows = rows.Where(r => Comparison.FittedModels.Contains(r.ModelId)).ToList();
        var start = Read(host);
        double Objective(Vector<double> x)
        {
            var values = start.Select((v, i) => v * Math.Exp(x[i])).ToArray();
            if (values[0] > 0.85 || values[1] > 0.95 || values[2] > 0.95 || values[3] > 0.95 || values[6] > 0.95 || values[11] > 1 || values[12] > 1 || values[13] > 1)
            {
                return 1e6;
            }

            var candidate = Build(host, values);
            double sum = 0;
            foreach (var row in fitRows)
            {
                var (itl, energy, power, _) = Comparison.Simulate(candidate, row, 15, 40);
                sum += Square(Math.Log(itl / row.MedianItlMs)) + Square(Math.Log(energy / row.EnergyPerTokenJoules)) + Square(Math.Log(power / row.AvgPowerWatts));
            }

            return sum;
        }

        var solver = new NelderMeadSimplex(1e-5, 1500);
        var initial = Vector<double>.Build.Dense(start.Length);
        var steps = Vector<double>.Build.Dense(start.Length, 0.25);
        var result = solver.FindMinimum(ObjectiveFunction.Value(Objective), initial, steps);
        var best = start.Select((v, i) => v * Math.Exp(result.MinimizingPoint[i])).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"objective {result.FunctionInfoAtMinimum.Value:F4} after {result.Iterations} iterations"));
        for (var i = 0; i < Names.Length; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Names[i]}: {best[i]:G4}"));
        }

        Comparison.PrintTable(Build(host, best), fitRows, output);
    }

    private static double Square(double x) => x * x;

    private static double[] Read(SimulatedHost host)
    {
        var c = host.Calibration;
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        var p = gpu.Power;
        return
        [
            c.GemmEfficiency, c.WeightBandwidthEfficiency, c.AttentionBandwidthEfficiency, c.AttentionComputeEfficiency,
            c.StepOverheadSeconds, c.PerSequenceOverheadSeconds, c.AllreduceBandwidthEfficiency, gpu.Interconnect.LatencySeconds,
            p.StaticWatts, p.CoreDynamicWatts, p.MemoryWatts, p.MemoryBoundActivity, p.StallActivity, p.AttentionActivity,
        ];
    }

    private static SimulatedHost Build(SimulatedHost host, double[] v)
    {
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
        var h100 = host.Gpus.Get("H100-SXM-80GB");
        var gpu = h100 with
        {
            Interconnect = h100.Interconnect with { LatencySeconds = v[7] },
            Power = new GpuPowerCoefficients(h100.Power.IdleWatts, v[8], v[9], v[10], v[11], v[13], v[12]),
        };
        return new SimulatedHost(new GpuCatalog([gpu]), host.Models, calibration);
    }
}
