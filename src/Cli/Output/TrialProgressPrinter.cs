using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;
using Serilog;

namespace MLEnergy.Cli.Output;

/// <summary>
/// One plain line per finished trial on stderr, and a structured log event per trial. The count is the run's
/// (a resumed run goes on from its earlier trials) and is shown against the budget only when there is one, so
/// it never overruns; each line carries the elapsed time, the host time the trials took and the best
/// configuration so far: the figure the recommendation would have after this trial
/// (<see cref="RecommendationSelector.Leader"/>: repeats averaged, the load carried, the throughput floor kept), in the
/// objective's unit, so that after the last trial it is the summary's own. Both are judged over the run's own trials
/// (<see cref="TrialProgress.RunTrials"/>: a resumed session's earlier trials included, another level's or night's
/// not), and a trial that met the SLO says so with the verdict its configuration's trials reach together when they
/// cannot carry the load (<see cref="RepeatedTrials"/>), as the summary judges it.
/// </summary>
internal sealed class TrialProgressPrinter(
    TextWriter output,
    ILogger log,
    ServiceLevelObjective slo,
    string energyMetric,
    IReadOnlyList<string> varyingKnobs,
    bool quiet,
    TimeProvider? time = null,
    HostActivityPrinter? activity = null,
    Func<IReadOnlyList<Observation>, Observation?>? leader = null,
    SearchSpace? space = null
) : IProgress<TrialProgress>
{
    private readonly Func<IReadOnlyList<Observation>, Observation?> _leader =
        leader
        ?? RecommendationSelector.Leader(
            slo,
            ObjectiveKinds.OfMetric(energyMetric) ?? ObjectiveKind.EnergyPerToken,
            baseline: null
        );
    private readonly List<Observation> _seen = [];

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly HashSet<string> _configurations = [];
    private long? _started;
    private TimeSpan _hostTime;
    private int _trials;
    private double? _best;

    public void Report(TrialProgress value)
    {
        var o = value.Observation;
        _started ??= _time.GetTimestamp();
        log.Information(
            "Trial {Trial} {Configuration} feasible={Feasible} metrics={@Metrics}",
            value.RunTrialNumber,
            o.Configuration.Key,
            o.Feasible,
            o.Metrics
        );
        _configurations.Add(o.Configuration.Key);
        _hostTime += o.HostTime;
        _trials++;
        _seen.Add(o);
        var run = value.RunTrials.Count > 0 ? value.RunTrials : _seen;
        _best = _leader(run)?.Metric(energyMetric);
        var twins = space is null ? CapTwins.None : CapTwins.Of(space, run);
        var configurations = value.RunTrials.Count > 0 ? twins.Distinct(run) : _configurations.Count;
        var outcome = Outcome(o, twins.Pool(run), twins.Representative(o.Configuration));
        // The run's host time, as report.md's "Cost of tuning" and result.json count it: a resumed session's earlier
        // trials included.
        var hostTime = value.RunTrials.Count > 0 ? run.Aggregate(TimeSpan.Zero, (t, r) => t + r.HostTime) : _hostTime;

        if (quiet)
        {
            return;
        }

        if (activity is not null)
        {
            activity.Done();
            activity.WriteLine($"{Counter(value)} {Knobs(o)}: {outcome}");
            activity.WriteLine($"    {Status(value, configurations, hostTime)}");
            return;
        }

        output.WriteLine($"{Counter(value)} {Knobs(o)}: {outcome}");
        output.WriteLine($"    {Status(value, configurations, hostTime)}");
    }

    /// <summary>
    /// <c>[trial 7 of 40]</c> under a budget, <c>[trial 7]</c> when the strategy decides when to stop.
    /// </summary>
    public static string Counter(TrialProgress value) =>
        value.ExpectedTotal is { } total && total >= value.RunTrialNumber
            ? $"[trial {value.RunTrialNumber} of {total}]"
            : $"[trial {value.RunTrialNumber}]";

    private string Status(TrialProgress value, int configurations, TimeSpan hostTime)
    {
        var elapsed = _time.GetElapsedTime(_started!.Value);
        var best = _best is { } b
            ? $"recommended so far {ReportFormat.Number(b)} {ObjectiveKinds.UnitOf(energyMetric)}"
            : "nothing to recommend yet";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{configurations} of {CountText.Of(value.Candidates, "configuration")}; {best}; "
                + $"{Format(elapsed)} elapsed, {Format(hostTime)} host time{Estimate(value)}"
        );
    }

    /// <summary>
    /// Under a trial budget, the host time the trials still allowed would take at this run's mean so far (the
    /// strategy may stop before the budget is spent).
    /// </summary>
    private string Estimate(TrialProgress value) =>
        value.ExpectedTotal is { } total && total > value.RunTrialNumber && _trials > 0
            ? $", at most about {Format(_hostTime / _trials * (total - value.RunTrialNumber))} more"
            : string.Empty;

    private string Outcome(Observation o, IReadOnlyList<Observation> pooled, Configuration configuration) =>
        o.Invalid ? $"invalid: {o.InvalidReason}"
        : !o.Feasible ? $"infeasible: {o.InfeasibleReason}"
        : $"{slo.Primary.MetricName}="
            + $"{ReportFormat.Against(o.Metric(slo.Primary.MetricName), slo.Primary.ThresholdMs)} ms "
            + $"{energyMetric}={ReportFormat.Number(o.Metric(energyMetric))} "
            + SloJudge.Overall(o, slo) switch
            {
                SloVerdict.Met => "meets SLO",
                SloVerdict.Missed => "misses SLO",
                _ => "SLO undecided",
            }
            + NotCarried(pooled, configuration);

    /// <summary>
    /// ", but cannot carry the load: ..." when the trials of the configuration so far, taken together, could not
    /// (no spare batch slots, or repeats that together fell behind), though this one alone kept up.
    /// </summary>
    private static string NotCarried(IReadOnlyList<Observation> pooled, Configuration configuration) =>
        RepeatedTrials.Merge(pooled.Where(t => t.Configuration.Equals(configuration)))
            is [{ Feasible: false, InfeasibleReason: { } reason }]
        && KeepUpRule.IsItsReason(reason)
            ? $", but {reason}"
            : string.Empty;

    private string Knobs(Observation o) =>
        varyingKnobs.Count == 0
            ? o.Configuration.Key
            : string.Join(
                " ",
                varyingKnobs.Where(o.Configuration.Values.ContainsKey).Select(k => $"{k}={o.Configuration[k]}")
            );

    /// <summary>The reports' one duration format: host time reads here as in report.md's "Cost of tuning".</summary>
    private static string Format(TimeSpan span) => ReportFormat.Duration(span);
}
