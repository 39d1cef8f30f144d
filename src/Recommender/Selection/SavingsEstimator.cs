using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// Savings of a recommendation against the baseline with a confidence interval: the energy metric's spread is
/// pooled (in logs) over every configuration measured more than once, the standard error of the log ratio follows
/// from each side's number of full trials, and a two-sided Student-t interval at <see cref="Savings.Confidence"/>
/// is turned back into percent. Without repeats there is no interval, only the point estimate.
/// </summary>
public static class SavingsEstimator
{
    public static Savings? Estimate(
        Observation recommended,
        Observation baseline,
        IReadOnlyList<Observation> trials,
        string metric,
        string unit
    )
    {
        if (recommended.Metric(metric) is not > 0 || baseline.Metric(metric) is not > 0)
        {
            return null;
        }

        var chosen = recommended.Metric(metric)!.Value;
        var before = baseline.Metric(metric)!.Value;
        var savings = new Savings(100 * (before - chosen) / before, Energy.FromJoules(before - chosen), unit);
        var spread = ConfidentVerdicts.PooledLogSpread(trials, metric, out var freedom);
        if (freedom == 0)
        {
            return savings;
        }

        var logRatio = Math.Log(before / chosen);
        var error = spread * Math.Sqrt(1.0 / Repeats(trials, recommended) + 1.0 / Repeats(trials, baseline));
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
