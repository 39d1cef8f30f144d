using System.Globalization;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Trials;
using MLEnergy.SearchEfficiency.Scenarios;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// How much of a trial's spread every configuration shares at the same repetition (`--shares`). A simulated trial's
/// seed is the run's seed + 7919 × its repetition, so trial r of every configuration replays the same arrivals and
/// request sizes. For one SLO, <paramref name="configurations"/> feasible configurations whose true SLO latency lies
/// within a factor <paramref name="width"/> of the bound, evenly spread over them by true energy (one of each group
/// of twins: configurations with the same truth are the same trials; spread, so that near-twins do not make the
/// residual look small), are measured at repetitions 0 to <paramref name="repetitions"/> - 1 with the trial protocol
/// and the SLO, as a search measures them. On the log scale, read(c, r) = config(c) + repetition(r) + residual is
/// fitted by the two-way analysis of variance with one reading per cell (Montgomery, Design and Analysis of
/// Experiments, the two-factor factorial with one observation per cell): the repetition's variance is
/// (MS_rep - MS_res) / C, and its share is that over itself plus the residual's variance MS_res. Configurations
/// with a trial that measured nothing are left out, so that the table is complete.
/// </summary>
public sealed class SharedSeedProbe(
    SimulatedHost host,
    SearchSpace space,
    string model,
    LoadSpec load,
    ServiceLevelObjective slo,
    Func<Configuration, Truth?> truth,
    int configurations,
    int repetitions,
    int threads,
    double width
)
{
    /// <summary>Writes one line per run seed and metric (the SLO's and energy per token).</summary>
    public void Write(TextWriter output, IReadOnlyList<int> runSeeds)
    {
        var constraint = slo.Primary;
        var metric = constraint.MetricName;
        var near = space
            .Enumerate()
            .Select(c => (Config: c, Truth: truth(c)))
            .Where(t => t.Truth?.Latencies.ContainsKey(metric) == true)
            .DistinctBy(t => (t.Truth!.Energy, t.Truth.Latencies[metric]))
            .Where(t => Math.Abs(Math.Log(t.Truth!.Latencies[metric] / constraint.ThresholdMs)) <= Math.Log(width))
            .OrderBy(t => t.Truth!.Energy)
            .ToList();
        var chosen = Enumerable
            .Range(0, Math.Min(configurations, near.Count))
            .Select(i => near[(int)Math.Round(i * (near.Count - 1) / Math.Max(1.0, configurations - 1))])
            .DistinctBy(t => t.Config.Key)
            .ToList();
        var gpu = space.GpuModel ?? "H100-SXM-80GB";
        var truthRange = chosen.Select(t => t.Truth!.Latencies[metric] / constraint.ThresholdMs).ToList();
        output.WriteLine(
            Text($"{model} {load} {constraint}: {chosen.Count} configurations at ")
                + Text($"{truthRange.Min():0.000}-{truthRange.Max():0.000} of the bound, {repetitions} repetitions")
        );
        output.WriteLine(
            "  run  metric          configs  total_sd  rep_sd  resid_sd  rep_share  rep_mean_sd  loadings(min/max)"
        );
        foreach (var run in runSeeds)
        {
            var evaluator = new SimulatedEvaluator(host, space, model, gpu, load, run * 7, slo, null);
            var rows = chosen
                .AsParallel()
                .AsOrdered()
                .WithDegreeOfParallelism(Math.Max(1, threads))
                .Select(t =>
                    Enumerable
                        .Range(0, repetitions)
                        .Select(r =>
                            evaluator
                                .EvaluateAsync(new TrialRequest(t.Config, Repetition: r), CancellationToken.None)
                                .Result
                        )
                        .ToList()
                )
                .ToList();
            foreach (var name in new[] { metric, MetricNames.EnergyPerToken })
            {
                var table = rows.Where(trials => trials.All(o => Measured(o, name)))
                    .Select(trials => trials.Select(o => Math.Log(o.Metric(name)!.Value)).ToArray())
                    .ToList();
                Line(output, run, name, table);
            }
        }
    }

    private static bool Measured(Observation observation, string name) =>
        (observation.Feasible || observation.ShortOfSamples) && observation.Metric(name) is > 0;

    private void Line(TextWriter output, int run, string name, List<double[]> table)
    {
        var c = table.Count;
        if (c < 3)
        {
            output.WriteLine(Text($"  {run, 3}  {name, -15} {c, 7}  too few configurations measured every time"));
            return;
        }

        var split = TwoWay.Of(table, repetitions);
        output.WriteLine(
            Text($"  {run, 3}  {name, -15} {c, 7}  {split.TotalSd, 8:0.0000}  {split.RepetitionSd, 6:0.0000}  ")
                + Text(
                    $"{split.ResidualSd, 8:0.0000}  {split.RepetitionShare, 9:P0}  {split.MeanRepetitionSd, 11:0.0000}"
                )
                + Text($"  {split.LoadingMin:0.00}/{split.LoadingMax:0.00}")
        );
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The two-way split of a complete table (configurations × repetitions, logs): the within-configuration spread
    /// of one trial (<see cref="TotalSd"/>), the repetition effect's and the residual's standard deviations, the
    /// repetition's share of the within-configuration variance, the standard error of the mean repetition effect
    /// over the repetitions (what a configuration measured at all of them still shares), and the range of each
    /// configuration's slope on the repetition means (1 for all when every configuration moves alike).
    /// </summary>
    private sealed record TwoWay(
        double TotalSd,
        double RepetitionSd,
        double ResidualSd,
        double RepetitionShare,
        double MeanRepetitionSd,
        double LoadingMin,
        double LoadingMax
    )
    {
        public static TwoWay Of(List<double[]> table, int r)
        {
            var c = table.Count;
            var rowMeans = table.Select(row => row.Average()).ToArray();
            var colMeans = Enumerable.Range(0, r).Select(j => table.Average(row => row[j])).ToArray();
            var grand = rowMeans.Average();
            var within = table.Sum(row => row.Sum(v => (v - row.Average()) * (v - row.Average()))) / (c * (r - 1));
            var msRep = c * colMeans.Sum(m => (m - grand) * (m - grand)) / (r - 1);
            var residual = 0.0;
            for (var i = 0; i < c; i++)
            {
                for (var j = 0; j < r; j++)
                {
                    var e = table[i][j] - rowMeans[i] - colMeans[j] + grand;
                    residual += e * e;
                }
            }

            var msRes = residual / ((c - 1) * (r - 1));
            var repVar = Math.Max(0, (msRep - msRes) / c);
            var centred = colMeans.Select(m => m - grand).ToArray();
            var denominator = centred.Sum(x => x * x);
            var loadings = table
                .Select(
                    (row, i) =>
                        denominator > 0 ? centred.Select((x, j) => x * (row[j] - rowMeans[i])).Sum() / denominator : 0
                )
                .ToList();
            return new TwoWay(
                Math.Sqrt(within),
                Math.Sqrt(repVar),
                Math.Sqrt(msRes),
                repVar + msRes > 0 ? repVar / (repVar + msRes) : 0,
                Math.Sqrt(repVar / r),
                loadings.Min(),
                loadings.Max()
            );
        }
    }
}
