using System.Collections.Immutable;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Everything the report writers print, computed once from a result: figures, checks, the apply plan.
/// </summary>
public sealed record ReportModel(
    TuningResult Result,
    ReportOptions Options,
    Observation? Chosen,
    EnergyFigures? ChosenFigures,
    EnergyFigures? BaselineFigures,
    DailyFigures? Daily,
    ImmutableArray<SloCheck> SloChecks,
    ApplyPlan? Plan,
    Energy TuningEnergy,
    TimeSpan TuningHostTime
)
{
    public string Unit => Result.Space.Objective.Unit();

    public IEnumerable<string> TunedKnobs =>
        Result.Space.Knobs.Where(k => !k.IsPinned && k.OutputPreserving).Select(k => k.Name);

    public IEnumerable<string> FixedKnobs =>
        Result.Space.Knobs.Where(k => k.IsPinned).Select(k => $"{k.Name}={k.Values[0]}");

    public IEnumerable<string> NeverSwept => Result.Space.Knobs.Where(k => !k.OutputPreserving).Select(k => k.Name);

    public static ReportModel From(TuningResult result, ReportOptions? options = null)
    {
        options ??= ReportOptions.Default;
        var selection = result.Selection;
        var chosen = selection.Recommended ?? selection.Closest;
        var chosenFigures = chosen is null ? null : EnergyFigures.Of(chosen, result.EnergyMetric);
        var baselineFigures = BaselineCheck.Compared(selection.Baseline) is { } baseline
            ? EnergyFigures.Of(baseline, result.EnergyMetric)
            : null;
        var daily =
            selection.Recommended is not null
            && selection.BaselineProblem is null
            && chosenFigures is not null
            && baselineFigures is not null
                ? DailyFigures.Of(baselineFigures, chosenFigures, options)
                : null;
        var checks = chosen is null
            ? []
            : result.Slo.Constraints.Select(c => SloCheck.Of(chosen, c, result.Slo.Confidence)).ToImmutableArray();
        var plan = chosen is null
            ? null
            : ApplyPlanBuilder.Build(
                result.Space,
                chosen.Configuration,
                options.GpuFacts,
                selection.Baseline?.Configuration
            );
        var observations = result.Run.Observations;
        return new ReportModel(
            result,
            options,
            chosen,
            chosenFigures,
            baselineFigures,
            daily,
            checks,
            plan,
            observations.Aggregate(Energy.Zero, (sum, o) => sum + TrialEnergy(o)),
            TimeSpan.FromTicks(observations.Sum(o => o.HostTime.Ticks))
        );
    }

    /// <summary>What a trial cost the host: its power trace integrated, else average power times host time.</summary>
    public static Energy TrialEnergy(Observation observation)
    {
        var trace = observation.PowerTrace;
        if (trace.Length >= 2)
        {
            var energy = Energy.Zero;
            for (var i = 1; i < trace.Length; i++)
            {
                var mean = Power.FromWatts((trace[i].Power.Watts + trace[i - 1].Power.Watts) / 2);
                energy += mean.Over(trace[i].Elapsed - trace[i - 1].Elapsed);
            }

            return energy;
        }

        return Power.FromWatts(observation.Metric(MetricNames.AveragePower) ?? 0).Over(observation.HostTime);
    }
}
