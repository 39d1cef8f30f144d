using System.Globalization;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using Serilog;

namespace MLEnergy.Cli.Output;

/// <summary>
/// One plain line per finished trial on stderr, and a structured log event per trial. The count is the run's
/// (a resumed run goes on from its earlier trials) and is shown against the budget only when there is one, so
/// it never overruns; each line carries the elapsed time, the host time the trials took and the best
/// configuration so far: the figure the recommendation would have after this trial
/// (<see cref="RecommendationSelector.Leader"/>: repeats averaged, the load carried, the throughput floor kept), in the
/// objective's unit, so that after the last trial it is the summary's own.
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
    Func<IReadOnlyList<Observation>, Observation?>? leader = null
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
        // The run's every trial when the loop reports them (a resumed run's earlier ones too), as the final
        // selection sees them; else the trials this printer was told of.
        _best = _leader(value.Trials.Count > 0 ? value.Trials : _seen)?.Metric(energyMetric);

        if (quiet)
        {
            return;
        }

        if (activity is not null)
        {
            activity.Done();
            activity.WriteLine($"{Counter(value)} {Knobs(o)}: {Outcome(o)}");
            activity.WriteLine($"    {Status(value)}");
            return;
        }

        output.WriteLine($"{Counter(value)} {Knobs(o)}: {Outcome(o)}");
        output.WriteLine($"    {Status(value)}");
    }

    /// <summary>
    /// <c>[trial 7 of 40]</c> under a budget, <c>[trial 7]</c> when the strategy decides when to stop.
    /// </summary>
    public static string Counter(TrialProgress value) =>
        value.ExpectedTotal is { } total && total >= value.RunTrialNumber
            ? $"[trial {value.RunTrialNumber} of {total}]"
            : $"[trial {value.RunTrialNumber}]";

    private string Status(TrialProgress value)
    {
        var elapsed = _time.GetElapsedTime(_started!.Value);
        var best = _best is { } b
            ? $"recommended so far {ReportFormat.Number(b)} {ObjectiveKinds.UnitOf(energyMetric)}"
            : "nothing to recommend yet";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{_configurations.Count} of {value.Candidates} configurations; {best}; "
                + $"{Format(elapsed)} elapsed, {Format(_hostTime)} host time{Estimate(value)}"
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

    private string Outcome(Observation o) =>
        o.Invalid ? $"invalid: {o.InvalidReason}"
        : !o.Feasible ? $"infeasible: {o.InfeasibleReason}"
        : $"{slo.Primary.MetricName}={ReportFormat.Number(o.Metric(slo.Primary.MetricName))} ms "
            + $"{energyMetric}={ReportFormat.Number(o.Metric(energyMetric))} "
            + $"{(SloJudge.Meets(o, slo) ? "meets SLO" : "misses SLO")}";

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
