using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// Savings of a recommendation against the baseline with a confidence interval: the recommendation's energy is the
/// mean of its trials that took no part in choosing it (<see cref="HeldOutTrials"/>: the confirmations measured once
/// it led, as the selection's own chooser judges), or of all its trials when there are none; the energy metric's
/// spread is pooled (in logs) over every configuration measured more than once, the standard error of the log ratio
/// follows from each side's number of full trials used, and a two-sided Student-t interval at
/// <see cref="Savings.Confidence"/> is turned back into percent. Without repeats there is no interval.
/// </summary>
public static class SavingsEstimator
{
    public static Savings? Estimate(
        Observation recommended,
        Observation baseline,
        IReadOnlyList<Observation> trials,
        string metric,
        string unit,
        Func<IReadOnlyList<Observation>, Configuration?>? chooser = null
    )
    {
        if (recommended.Metric(metric) is not > 0 || baseline.Metric(metric) is not > 0)
        {
            return null;
        }

        IReadOnlyList<Observation> heldOut = chooser is null
            ? []
            : HeldOutTrials.Of(trials, recommended.Configuration, metric, chooser);
        var chosen =
            heldOut.Count > 0 ? heldOut.Average(o => o.Metric(metric)!.Value) : recommended.Metric(metric)!.Value;
        var before = baseline.Metric(metric)!.Value;
        var savings = new Savings(100 * (before - chosen) / before, Energy.FromJoules(before - chosen), unit)
        {
            HeldOutTrials = heldOut.Count,
        };
        var spread = ConfidentVerdicts.PooledLogSpread(trials, metric, out var freedom);
        if (freedom == 0)
        {
            return savings;
        }

        var logRatio = Math.Log(before / chosen);
        var chosenTrials = heldOut.Count > 0 ? heldOut.Count : Repeats(trials, recommended);
        var error = spread * Math.Sqrt(1.0 / chosenTrials + 1.0 / Repeats(trials, baseline));
        var half = StudentT.InvCDF(0, 1, freedom, 1 - (1 - Savings.Confidence) / 2) * error;
        return savings with
        {
            LowPercent = 100 * (1 - Math.Exp(-(logRatio - half))),
            HighPercent = 100 * (1 - Math.Exp(-(logRatio + half))),
            NoiseDegreesOfFreedom = freedom,
        };
    }

    private static int Repeats(IReadOnlyList<Observation> trials, Observation merged) =>
        Math.Max(1, RepeatedTrials.Count(trials, merged.Configuration, TrialFidelity.Full));
}
