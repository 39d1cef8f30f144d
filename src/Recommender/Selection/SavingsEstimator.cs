using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// Savings of a recommendation against the baseline with a confidence interval. Both are read at the repetitions
/// both were measured at (<see cref="RepetitionBlocks"/>): repetition n of every configuration replays the same load,
/// and a load that reads high or low for every configuration cancels in the pair, where the mean of all the
/// recommendation's trials against the mean of the baseline's would carry the loads of repetitions the baseline never
/// saw (a leader whose later repetitions' loads read low stays the leader, so those loads are chosen too). The saving
/// is the ratio of the two means over the shared repetitions; its log's standard error is the residual spread of an
/// additive configuration + repetition model of every repeated configuration's log energy, times the square root of
/// 2 over the shared repetitions, and a two-sided Student-t interval at <see cref="Savings.Confidence"/> is turned
/// back into percent. Where that model has no residual degrees of freedom, the spread pooled within configurations
/// stands in (it holds the load's share too, so it is wider). Without shared repetitions both sides are their merged
/// means, with the pooled spread and each side's number of full trials. Without repeats there is no interval, only
/// the point estimate.
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

        var blocks = RepetitionBlocks.Of(trials, metric);
        var shared = blocks.Shared(baseline.Configuration, recommended.Configuration);
        if (shared.Count == 0)
        {
            return Unpaired(recommended, baseline, trials, metric, unit);
        }

        var before = shared.Average(p => p.First);
        var chosen = shared.Average(p => p.Second);
        var spread = blocks.ResidualLogSpread(out var freedom);
        if (freedom == 0)
        {
            spread = ConfidentVerdicts.PooledLogSpread(trials, metric, out freedom);
        }

        return WithInterval(before, chosen, unit, spread, freedom, Math.Sqrt(2.0 / shared.Count));
    }

    private static Savings Unpaired(
        Observation recommended,
        Observation baseline,
        IReadOnlyList<Observation> trials,
        string metric,
        string unit
    )
    {
        var spread = ConfidentVerdicts.PooledLogSpread(trials, metric, out var freedom);
        var scale = Math.Sqrt(1.0 / Repeats(trials, recommended) + 1.0 / Repeats(trials, baseline));
        return WithInterval(
            baseline.Metric(metric)!.Value,
            recommended.Metric(metric)!.Value,
            unit,
            spread,
            freedom,
            scale
        );
    }

    private static Savings WithInterval(
        double before,
        double chosen,
        string unit,
        double spread,
        int freedom,
        double scale
    )
    {
        var savings = new Savings(100 * (before - chosen) / before, Energy.FromJoules(before - chosen), unit);
        if (freedom == 0)
        {
            return savings;
        }

        var logRatio = Math.Log(before / chosen);
        var half = StudentT.InvCDF(0, 1, freedom, 1 - (1 - Savings.Confidence) / 2) * spread * scale;
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
