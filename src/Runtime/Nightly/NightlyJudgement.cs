using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// What one night finds for each of its roles (the recommendation, the baseline): whether the configuration still
/// carries the load, and whether its metrics moved from the history (<see cref="DriftDetector"/>). A configuration
/// that ran before and whose re-measurement could not run no longer carries the load whatever the numbers; whether
/// tonight's trials of a rate-driven load kept up is judged on their summed arrivals and backlog growth (<see
/// cref="KeepUpRule.PooledProblem"/>), and each such judgement is one more of the night's comparisons, sharing its
/// false-alarm rate with the metrics' intervals. When any one trial behind on its own said "no longer carried",
/// outside that share, 7.6 % of nights on an unchanged host under a rate-driven load raised an alarm where 5 % is
/// stated (seeded Monte Carlo, <c>NightlyKeepUpFalseAlarmTests</c>).
/// </summary>
public static class NightlyJudgement
{
    /// <param name="roles">The configurations re-measured tonight, each with its role.</param>
    /// <param name="history">Every earlier trial: whether each role ran before.</param>
    /// <param name="reference">The trials its metrics are compared with (<see cref="NightlyReference"/>).</param>
    /// <param name="fresh">Tonight's trials.</param>
    /// <param name="metrics">The metrics compared.</param>
    /// <param name="throughput">The metric a configuration that no longer carries the load is shown by.</param>
    /// <param name="falseAlarmRate">The chance that a night on a host that did not change calls anything drifted.
    /// </param>
    public static ImmutableArray<DriftFinding> Of(
        IReadOnlyList<(string Role, Configuration Configuration)> roles,
        IReadOnlyList<Observation> history,
        IReadOnlyList<Observation> reference,
        IReadOnlyList<Observation> fresh,
        IReadOnlyList<string> metrics,
        string throughput,
        double falseAlarmRate = DriftDetector.DefaultFalseAlarmRate
    )
    {
        var series = roles.SelectMany(r => Series(r.Role, r.Configuration, reference, fresh, metrics)).ToList();
        var carried = roles
            .Select(r =>
                (
                    r.Role,
                    r.Configuration,
                    Earlier: history.Where(o => o.Configuration.Equals(r.Configuration) && o.Feasible).ToList(),
                    Now: fresh.Where(o => o.Configuration.Equals(r.Configuration)).ToList()
                )
            )
            .Where(r => r.Earlier.Count > 0 && r.Now.Count > 0)
            .ToList();
        var judged = carried.Count(r => r.Now.Any(o => o.Metric(MetricNames.OfferedRequests) is > 0));
        var share = falseAlarmRate / Math.Max(1, series.Count + judged);
        return
        [
            .. carried.SelectMany(r => NoLongerCarried(r.Role, r.Configuration, r.Earlier, r.Now, throughput, share)),
            .. DriftDetector.CompareAll(series, share * series.Count),
        ];
    }

    /// <summary>
    /// A re-measurement that could not run, or whose trials together did not keep up with the load (at one-sided
    /// <paramref name="risk"/>) or showed no spare batch slots (<see cref="KeepUpRule.CapacityProblem"/>, as a run
    /// judges a configuration's merged trials), where the history has the configuration running: drift by itself,
    /// whatever the numbers.
    /// </summary>
    private static IEnumerable<DriftFinding> NoLongerCarried(
        string role,
        Configuration configuration,
        List<Observation> earlier,
        List<Observation> now,
        string throughput,
        double risk
    )
    {
        var problem = now.FirstOrDefault(o => !o.Feasible && !KeepUpRule.IsBehindOnItsOwn(o)) is { } failed
            ? failed.InfeasibleReason ?? "it could not run; no reason given"
            : KeepUpRule.PooledProblem(now, risk) ?? KeepUpRule.CapacityProblem(now);
        if (problem is not null)
        {
            yield return new DriftFinding(
                role,
                ReportFormat.Describe(configuration, []),
                throughput,
                Mean(earlier, throughput),
                Mean(now, throughput),
                0,
                0,
                Drifted: true
            )
            {
                Problem = problem,
            };
        }
    }

    /// <summary>
    /// Each metric of one configuration's trials that carried the load, before and now; tonight's trials behind on
    /// their own backlog alone are measurements too.
    /// </summary>
    private static IEnumerable<DriftSeries> Series(
        string role,
        Configuration configuration,
        IReadOnlyList<Observation> history,
        IReadOnlyList<Observation> fresh,
        IReadOnlyList<string> metrics
    )
    {
        var earlier = history.Where(o => o.Configuration.Equals(configuration) && o.Feasible).ToList();
        var now = fresh
            .Where(o => o.Configuration.Equals(configuration) && (o.Feasible || KeepUpRule.IsBehindOnItsOwn(o)))
            .ToList();
        foreach (var metric in metrics)
        {
            var before = earlier.Select(o => o.Metric(metric)).OfType<double>().ToList();
            var after = now.Select(o => o.Metric(metric)).OfType<double>().ToList();
            if (before.Count > 0 && after.Count > 0)
            {
                yield return new DriftSeries(role, ReportFormat.Describe(configuration, []), metric, before, after);
            }
        }
    }

    private static double Mean(List<Observation> observations, string metric) =>
        observations.Select(o => o.Metric(metric)).OfType<double>().DefaultIfEmpty(0).Average();
}
