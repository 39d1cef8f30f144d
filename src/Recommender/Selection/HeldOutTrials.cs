using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// The trials of a recommendation that took no part in choosing it: its full trials measured while the trials before
/// them (in run order) already made it the least-energy configuration meeting the SLO, i.e. the confirmations of an
/// incumbent. The recommendation is the least of many noisy means, so the trials that made it least read low
/// (the winner's curse): a saving quoted from them is overstated and its interval covers the truth less often than
/// stated, and a later re-measurement compared with them looks like a rise. A trial measured after the choice was
/// made is a fresh draw whose value did not decide that it was measured. Empty when every trial of the
/// recommendation helped choose it (a grid, one trial each).
/// </summary>
public static class HeldOutTrials
{
    public static IReadOnlyList<Observation> Of(
        IReadOnlyList<Observation> trials,
        Configuration chosen,
        ServiceLevelObjective? slo,
        string energyMetric
    )
    {
        var held = new List<Observation>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            if (
                trial.Configuration.Equals(chosen)
                && (trial.Feasible || trial.ShortOfSamples)
                && trial.Fidelity == TrialFidelity.Full
                && trial.Metric(energyMetric) is not null
                && chosen.Equals(Best(trials.Take(i).ToList(), slo, energyMetric))
            )
            {
                held.Add(trial);
            }
        }

        return held;
    }

    /// <summary>
    /// What the selection would have recommended from <paramref name="before"/> alone (no throughput floor).
    /// </summary>
    private static Configuration? Best(IReadOnlyList<Observation> before, ServiceLevelObjective? slo, string metric)
    {
        if (before.Count == 0)
        {
            return null;
        }

        var merged = slo is null ? RepeatedTrials.Merge(before) : RepeatedTrials.Merge(before, slo);
        return merged
            .Where(o => o.Feasible && o.Metric(metric) is not null && (slo is null || SloJudge.Meets(o, slo)))
            .OrderBy(o => o.Metric(metric))
            .ThenBy(o => slo is null ? 0 : o.Metric(slo.Primary.MetricName) ?? double.PositiveInfinity)
            .ThenBy(o => o.Configuration.Key, StringComparer.Ordinal)
            .FirstOrDefault()
            ?.Configuration;
    }
}
