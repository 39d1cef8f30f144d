using System.Collections.Concurrent;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// Runs one strategy on one scenario through the real tuning loop, selects the recommendation from the
/// merged trials as the tool does, and scores it against the noise-free truth. Where the target reports no
/// host time (replay), host time is modelled: a full trial 5 min, a screening trial 75 s, a restart 3 min.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly ConcurrentDictionary<Scenario, double?> _oracle = new();
    private readonly ConcurrentDictionary<Scenario, CloserOptimum> _closerOracle = new();

    /// <summary>Where to list every trial of each run (--trace); null for none.</summary>
    public TextWriter? Trace { get; init; }

    /// <summary>Where to report what the optimum on the closer truth cost, once per scenario; null: nowhere.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Configurations measured together when the optimum on the closer truth needs them (--threads).</summary>
    public int OracleThreads { get; init; } = 1;

    public async Task<Outcome> RunAsync(
        Scenario scenario,
        ISearchStrategy strategy,
        TuningBudget budget,
        CancellationToken cancellationToken
    )
    {
        var timed = new TimedStrategy(strategy);
        var loop = new TuningLoop(scenario.NewEvaluator(), timed);
        var run = await loop.RunAsync(
            new TuningRequest(scenario.Space, scenario.Slo).WithBudget(budget),
            cancellationToken
        );
        var selection = TuningResult
            .From(scenario.Space, scenario.Slo, strategy.Name, run, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
            .Selection;
        var oracle = OptimumOf(scenario);
        var gap = Oracle.Gap(scenario, selection.Recommended?.Configuration, oracle);
        var closerOracle = CloserOptimumOf(scenario);
        var onCloser = new Score(
            Oracle.CloserGap(scenario, selection.Recommended?.Configuration, closerOracle.Energy),
            closerOracle.Energy is not null
        );
        var saving = Checked(scenario, run, selection);
        if (Trace is { } trace)
        {
            var block = new System.Text.StringBuilder(
                RunDiagnosis.Describe(scenario, strategy.Name, run, selection.Recommended?.Configuration)
            );
            if (Oracle.Closer(scenario, selection.Recommended?.Configuration) is { } closer)
            {
                var ratio = closer.Latencies[scenario.Slo.Primary.MetricName] / scenario.Slo.Primary.ThresholdMs;
                block.AppendLine(
                    FormattableString.Invariant($"    pick on the closer truth: latency/bound {ratio:0.000}")
                );
            }

            block.AppendLine(CloserLine(scenario, closerOracle, gap, onCloser.Gap));

            block.AppendLine($"    stop     {run.StopReason}");
            if (saving is { } quoted)
            {
                block.AppendLine(
                    FormattableString.Invariant($"    saving   quoted {quoted.Reported:0.00} % ({quoted.Low:0.00}-")
                        + FormattableString.Invariant($"{quoted.High:0.00}), true {quoted.True:0.00} %")
                );
            }

            if (
                strategy.Name.StartsWith("auto", StringComparison.Ordinal)
                && new KnownInfeasible(scenario.Space, run.Observations).Skipped(scenario.Space.Enumerate())
                    is { Count: > 0 } skipped
            )
            {
                block.AppendLine(FormattableString.Invariant($"    skipped  {skipped.Count}: {skipped.Why}"));
            }

            foreach (var o in run.Observations)
            {
                block.AppendLine(
                    FormattableString.Invariant($"    {o.Fidelity} {o.Configuration.Key} ")
                        + (
                            run.Twins.Representative(o.Configuration) is var r && !r.Equals(o.Configuration)
                                ? $"as={r.Key} "
                                : ""
                        )
                        + FormattableString.Invariant($"E={o.Metric(scenario.Space.Objective.MetricName())} ")
                        + FormattableString.Invariant(
                            $"{scenario.Slo.Primary.MetricName}={o.Metric(scenario.Slo.Primary.MetricName)} "
                        )
                        + FormattableString.Invariant($"true={scenario.Truth(o.Configuration)?.Energy} ")
                        + FormattableString.Invariant($"trueLat={TrueLatency(scenario, o.Configuration)} ")
                        + FormattableString.Invariant($"host={o.HostTime.TotalSeconds:0}s ")
                        + FormattableString.Invariant($"peaks={o.Metric(MetricNames.PeakRunningBatch)}/")
                        + FormattableString.Invariant($"{o.Metric(MetricNames.PeakSmClock)}/")
                        + FormattableString.Invariant($"{o.Metric(MetricNames.PeakPowerPerGpu)} ")
                        + FormattableString.Invariant($"load={o.Metric(MetricNames.OfferedRequests)}/")
                        + FormattableString.Invariant($"{o.Metric(MetricNames.BacklogGrowth)}/")
                        + FormattableString.Invariant($"{o.Metric(MetricNames.BatchOccupancy):0.000} ")
                        + string.Join(',', o.Verdicts.Select(v => $"{v.Key}:{v.Value}"))
                        + (o.Feasible ? "" : $" infeasible: {o.InfeasibleReason}")
                );
            }

            lock (trace)
            {
                trace.Write(block.ToString());
            }
        }

        var proposals = timed.Proposals.DefaultIfEmpty(TimeSpan.Zero).ToList();
        return new Outcome(
            scenario.Group,
            scenario.Name,
            strategy.Name,
            run.Candidates,
            run.TrialsMeasured,
            run.ConfigurationsMeasured,
            run.HostTime > TimeSpan.Zero ? run.HostTime : Modelled(run),
            gap,
            oracle is not null,
            run.StopReason,
            TimeSpan.FromTicks((long)proposals.Average(p => p.Ticks)),
            proposals.Max(),
            selection.Recommended?.Configuration.Key,
            Oracle.MissesOnCloserTruth(scenario, selection.Recommended?.Configuration),
            scenario.CloserTruth is null ? null : onCloser,
            saving
        )
        {
            TrialsAt = run.Observations.GroupBy(o => o.Configuration.Key).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    /// <summary>The scenario's optimum on the truth (its least true energy that meets the SLO; null: none).</summary>
    public double? OptimumOf(Scenario scenario) => _oracle.GetOrAdd(scenario, Oracle.BestEnergy);

    /// <summary>The scenario's optimum with feasibility read on the closer truth near a bound, found once.</summary>
    public CloserOptimum CloserOptimumOf(Scenario scenario) => _closerOracle.GetOrAdd(scenario, FindCloserOptimum);

    /// <summary>
    /// The saving the tool quoted (the product's own, <see cref="TuningResult.Selection"/>) and the truth's. Where the
    /// tool quotes none because the baseline misses the SLO (every simulated scenario's baseline does: its bounds are
    /// set among the configurations), the product's estimator is asked against the same measured baseline, so that
    /// the estimate is scored without the gate that withholds it.
    /// </summary>
    private static SavingCheck? Checked(Scenario scenario, TuningRun run, RecommendationOutcome selection)
    {
        if (
            selection is not { Recommended: { } pick, Baseline: { Feasible: true } measured }
            || pick.Configuration.Equals(measured.Configuration)
            || scenario.Truth(pick.Configuration) is not { } chosen
            || scenario.Truth(measured.Configuration) is not { Energy: > 0 } before
        )
        {
            return null;
        }

        var objective = scenario.Space.Objective;
        var quoted =
            selection.Savings
            ?? SavingsEstimator.Estimate(pick, measured, run.Pooled, objective.MetricName(), objective.Unit());
        return quoted is null
            ? null
            : new SavingCheck(
                quoted.Percent,
                quoted.LowPercent,
                quoted.HighPercent,
                100 * (before.Energy - chosen.Energy) / before.Energy
            );
    }

    private CloserOptimum FindCloserOptimum(Scenario scenario)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var found = CloserOptimum.Find(scenario, OracleThreads);
        if (Log is { } log && scenario.CloserTruth is not null)
        {
            var ten = Oracle.BestConfiguration(scenario);
            var moved = found.Configuration?.Key == ten ? "the same as on the truth" : $"was {ten ?? "none"}";
            lock (log)
            {
                log.WriteLine(
                    FormattableString.Invariant($"  oracle on the closer truth, {scenario.Name}: ")
                        + FormattableString.Invariant($"{found.Remeasured} configurations near a bound read on it, ")
                        + FormattableString.Invariant($"{watch.Elapsed.TotalSeconds:0} s; ")
                        + $"optimum {found.Configuration?.Key ?? "none"}, {moved}"
                );
            }
        }

        return found;
    }

    /// <summary>The optimum on the closer truth and the pick's gap on both truths (--trace).</summary>
    private static string CloserLine(Scenario scenario, CloserOptimum found, double? gap, double? closerGap)
    {
        var ratio =
            found.Configuration is { } c && Oracle.Closer(scenario, c) is { } closer
                ? closer.Latencies[scenario.Slo.Primary.MetricName] / scenario.Slo.Primary.ThresholdMs
                : double.NaN;
        return FormattableString.Invariant(
                $"    optimum on the closer truth {found.Configuration?.Key ?? "none"} latency/bound {ratio:0.000}; "
            ) + $"gap {Gap(gap)} on the truth, {Gap(closerGap)} on the closer truth";
    }

    private static string Gap(double? gap) =>
        gap switch
        {
            null => "none (no pick)",
            double.PositiveInfinity => "miss",
            { } g => FormattableString.Invariant($"{g:P2}"),
        };

    private static double? TrueLatency(Scenario scenario, Configuration configuration) =>
        scenario.Truth(configuration) is { } t && t.Latencies.TryGetValue(scenario.Slo.Primary.MetricName, out var l)
            ? l
            : null;

    private static TimeSpan Modelled(TuningRun run) =>
        (TimeSpan.FromMinutes(5) * run.Observations.Count(o => o.Fidelity == TrialFidelity.Full))
        + (TimeSpan.FromSeconds(75) * run.Observations.Count(o => o.Fidelity == TrialFidelity.Screening))
        + (TimeSpan.FromMinutes(3) * run.ServerRestarts);
}
