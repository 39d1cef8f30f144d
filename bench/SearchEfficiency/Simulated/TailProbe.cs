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
/// How one configuration's per-run SLO metric is distributed under each way of measuring it (`--tails KEY`): the
/// truth's protocol (fixed 300 s window, seeds from <see cref="SeededTruthTable.FirstSeed"/>), shorter fixed windows
/// on the same seeds, the trial protocol (window extended while the verdict is undecided) on the same seeds, and the
/// trial protocol and fixed window on the seeds a harness run's trials use (run seed × 7 + 7919 × repeat). Comparing
/// rows on the same seeds separates what the window does from what the seeds do. Each row is followed by every
/// seed's arrivals, backlog growth, batch occupancy and whether it kept up with the load.
/// </summary>
public sealed class TailProbe(
    SimulatedHost host,
    SearchSpace space,
    string model,
    LoadSpec load,
    ServiceLevelObjective slo,
    Configuration configuration,
    int seeds,
    Truth? truth,
    bool truthWindowOnly = false
)
{
    public void Write(TextWriter output)
    {
        var metric = slo.Primary.MetricName;
        output.WriteLine(
            Text($"  truth table: {truth?.Latencies.GetValueOrDefault(metric):0.0} ms; bound {slo.Primary.ThresholdMs}")
        );
        output.WriteLine(
            "  protocol                     seeds    n   mean median    p10    p90    max  logmean logsd  >bound"
                + " window_s met/missed/undecided"
        );
        var settings = new TrialSettings();
        var truthSeeds = Enumerable.Range(SeededTruthTable.FirstSeed, seeds).Select(s => (s, 0)).ToList();
        var longest = settings with { Window = settings.MaxWindow };
        if (truthWindowOnly)
        {
            Row(output, "fixed 300 s", "truth", truthSeeds, longest, null, dump: true);
            return;
        }

        foreach (var window in new[] { 60, 120, 240, 300 })
        {
            var fixedWindow = settings with
            {
                Window = TimeSpan.FromSeconds(window),
                MaxWindow = TimeSpan.FromSeconds(window),
            };
            Row(output, Text($"fixed {window} s"), "truth", truthSeeds, fixedWindow, null);
        }

        Row(output, "trial protocol", "truth", truthSeeds, settings, slo);
        for (var run = 1; run <= 3; run++)
        {
            var trialSeeds = Enumerable.Range(0, 10).Select(r => (run * 7, r)).ToList();
            Row(output, "trial protocol", Text($"run {run}"), trialSeeds, settings, slo);
            Row(output, "fixed 300 s", Text($"run {run}"), trialSeeds, longest, null);
        }
    }

    private void Row(
        TextWriter output,
        string protocol,
        string seedName,
        IReadOnlyList<(int Seed, int Repetition)> runs,
        TrialSettings settings,
        ServiceLevelObjective? judged,
        bool dump = false
    )
    {
        var gpu = space.GpuModel ?? "H100-SXM-80GB";
        var metric = slo.Primary.MetricName;
        var observations = runs.Select(r =>
                new SimulatedEvaluator(host, space, model, gpu, load, r.Seed, judged, settings)
                    .EvaluateAsync(new TrialRequest(configuration, Repetition: r.Repetition), CancellationToken.None)
                    .Result
            )
            .Where(o => o.Metric(metric) is > 0)
            .ToList();
        var values = observations.Select(o => o.Metric(metric)!.Value).Order().ToList();
        if (values.Count == 0)
        {
            output.WriteLine(Text($"  {protocol, -28} {seedName, -6} no values"));
            return;
        }

        var logs = values.Select(v => Math.Log(v)).ToList();
        var logMean = logs.Average();
        var logSd = values.Count > 1 ? Math.Sqrt(logs.Sum(l => (l - logMean) * (l - logMean)) / (values.Count - 1)) : 0;
        double At(double q) => values[(int)Math.Round(q * (values.Count - 1))];
        var window = observations.Average(o => (o.HostTime - settings.Warmup).TotalSeconds);
        int Count(SloVerdict v) =>
            observations.Count(o => o.Verdicts.GetValueOrDefault(metric, SloVerdict.Undecided) == v);
        output.WriteLine(
            Text($"  {protocol, -28} {seedName, -6} {values.Count, 3} {values.Average(), 6:0.0} {At(0.5), 6:0.0} ")
                + Text($"{At(0.1), 6:0.0} {At(0.9), 6:0.0} {values[^1], 6:0.0}  {logMean, 7:0.000} {logSd, 5:0.000} ")
                + Text($"{values.Count(v => v > slo.Primary.ThresholdMs), 6} {window, 8:0} ")
                + Text($"{Count(SloVerdict.Met)}/{Count(SloVerdict.Missed)}/{Count(SloVerdict.Undecided)}")
        );
        WriteLoad(output, observations);
        if (dump)
        {
            output.WriteLine(
                "  values in seed order: "
                    + string.Join(
                        ' ',
                        observations.Select(o => o.Metric(metric)!.Value.ToString("0.0", CultureInfo.InvariantCulture))
                    )
            );
        }
    }

    /// <summary>
    /// Each seed's arrivals, backlog growth, batch occupancy and whether it kept up (y/n), in seed order.
    /// </summary>
    private static void WriteLoad(TextWriter output, IEnumerable<Observation> observations) =>
        output.WriteLine(
            "  arrivals/growth/occupancy/kept up: "
                + string.Join(
                    ' ',
                    observations.Select(o =>
                        Text($"{o.Metric(MetricNames.OfferedRequests)}/{o.Metric(MetricNames.BacklogGrowth)}/")
                        + Text($"{o.Metric(MetricNames.BatchOccupancy):0.000}/{(o.Feasible ? "y" : "n")}")
                    )
                )
        );

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
