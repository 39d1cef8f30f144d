using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// Whether savings may be quoted against the baseline, and if not, why: a baseline that was not measured, could
/// not run, completed no requests, has no energy figure or misses the SLO is no fair comparison.
/// </summary>
public static class BaselineCheck
{
    /// <summary>
    /// The baseline when its figures may stand beside another configuration's: it ran and carried the load asked for.
    /// A baseline that could not run, or that could not keep up with a rate-driven load (it served less than was
    /// offered while its queue grew), was measured at another load, so no figure of it is compared; null then.
    /// </summary>
    public static Observation? Compared(Observation? measured) => measured is { Feasible: true } ? measured : null;

    /// <summary>Why the baseline is no fair comparison, or null when it is one.</summary>
    public static string? Problem(
        Configuration? baseline,
        Observation? measured,
        ServiceLevelObjective slo,
        string energyMetric
    )
    {
        if (baseline is null)
        {
            return "the space names no baseline (the host's current configuration)";
        }

        if (measured is null)
        {
            return "the baseline configuration was not measured";
        }

        if (!measured.Feasible)
        {
            return $"the baseline {KeepUpRule.CouldNot(measured.InfeasibleReason)} "
                + $"({measured.InfeasibleReason ?? "no reason given"})";
        }

        if (measured.Metric(MetricNames.Requests) is <= 0)
        {
            return "the baseline completed no requests";
        }

        if (measured.Metric(energyMetric) is not > 0)
        {
            return $"the baseline has no {energyMetric} figure";
        }

        var missed = slo.Constraints.FirstOrDefault(c => SloJudge.Judge(measured, c) != SloVerdict.Met);
        return missed is null ? null : $"the baseline does not meet the SLO ({Describe(measured, missed)})";
    }

    private static string Describe(Observation measured, SloConstraint constraint)
    {
        var verdict = SloJudge.Judge(measured, constraint);
        var value = measured.Metric(constraint.MetricName) is { } v
            ? v.ToString("0.##", CultureInfo.InvariantCulture) + " ms"
            : "not measured";
        return $"{constraint}: {value}, {verdict.ToString().ToLowerInvariant()}";
    }
}
