using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Judges a percentile constraint over the repeats of a configuration by the share of each trial's samples above the
/// bound (<see cref="LatencyFamily.OverBoundOf"/>), not by the mean of the trials' percentiles. A trial's nearest-rank
/// p99 is biased low by its rank (the 990th of 1,000 values estimates the 98.9th percentile: about 2 % under the true
/// p99 for a log-normal tail of spread 0.5, and more for fewer samples), a bias that averaging repeats does not remove
/// while it shrinks the standard error: judged on the mean of its trials' p99 with the group-sequential boundary, a
/// configuration exactly on the bound passed 10-18 % of the time over ten trials where 5 % is stated. The share over
/// the bound is unbiased for the tail share the constraint limits (1 % for p99) whatever the trials' differences. The
/// mean share must stay under the allowed share by the boundary's multiple of its standard error
/// (<see cref="ConfidentVerdicts.PassQuantile"/>), the same group-sequential test as every pass; the standard error
/// comes from the trials' own spread of shares, never less than a binomial share's at the bound over the samples seen
/// (exact when the trials do not differ). A miss needs the miss side's multiple over it.
/// </summary>
public static class PercentileShares
{
    /// <summary>
    /// The verdict from the shares over the bound of <paramref name="repeats"/> (full trials of one configuration);
    /// null when the constraint is not a percentile or a trial did not count its samples (replayed tables).
    /// </summary>
    public static SloVerdict? Judge(
        IReadOnlyList<Observation> repeats,
        SloConstraint constraint,
        SloConfidence confidence
    )
    {
        if (Of(repeats, constraint) is not { } shares)
        {
            return null;
        }

        var trials = shares.Trials;
        var error = Math.Sqrt(shares.Variance / trials);
        var miss =
            shares.Freedom == 0
                ? Normal.InvCDF(
                    0,
                    1,
                    trials >= ConfidentVerdicts.PosteriorTrials
                        ? ConfidentVerdicts.PosteriorConfidence
                        : ConfidentVerdicts.Confidence
                )
                : ConfidentVerdicts.MissQuantile(trials, shares.Freedom);
        return shares.Mean + (PassQuantile(trials, shares.Freedom, confidence) * error) <= shares.Allowed
                ? SloVerdict.Met
            : shares.Mean - (miss * error) > shares.Allowed ? SloVerdict.Missed
            : SloVerdict.Undecided;
    }

    /// <summary>
    /// The chance that the constraint passes this test once the configuration has <paramref name="trials"/> full
    /// trials, predicted from the mean share and its spread so far (as <c>SearchEvidence.PassChance</c> predicts the
    /// other constraints); null where <see cref="Judge"/> does not apply.
    /// </summary>
    public static double? PassChance(
        IReadOnlyList<Observation> repeats,
        SloConstraint constraint,
        int trials,
        SloConfidence confidence
    )
    {
        if (Of(repeats, constraint) is not { } shares)
        {
            return null;
        }

        if (trials <= shares.Trials)
        {
            return 0;
        }

        var freedom = shares.Freedom == 0 ? 0 : trials - 1;
        var margin = PassQuantile(trials, freedom, confidence) * Math.Sqrt(shares.Variance / trials);
        var room = shares.Allowed - shares.Mean - margin;
        var shift = Math.Sqrt(shares.Variance * ((1.0 / shares.Trials) - (1.0 / trials)));
        return Normal.CDF(0, 1, room / shift);
    }

    /// <summary>The group-sequential pass multiple: normal where the binomial spread at the bound is used.</summary>
    private static double PassQuantile(int trials, int freedom, SloConfidence confidence) =>
        freedom == 0
            ? confidence.Boundary.Critical(trials)
            : ConfidentVerdicts.PassQuantile(trials, freedom, confidence);

    private sealed record Shares(double Mean, double Variance, int Freedom, int Trials, double Allowed);

    /// <summary>
    /// The mean share over the bound, the variance of one trial's share (the trials' own, never less than a binomial
    /// share's at the bound over the samples seen) and its degrees of freedom (0 where the binomial one is used).
    /// </summary>
    private static Shares? Of(IReadOnlyList<Observation> repeats, SloConstraint constraint)
    {
        var counted = repeats.Where(o => !o.Invalid || o.ShortOfSamples).ToList();
        if (constraint.Statistic.Quantile() is not { } quantile || counted.Count == 0)
        {
            return null;
        }

        var (overName, samplesName) = (
            constraint.MetricName + LatencyFamily.OverBoundSuffix,
            constraint.MetricName + LatencyFamily.SamplesSuffix
        );
        if (counted.Any(o => o.Metric(overName) is null || o.Metric(samplesName) is not > 0))
        {
            return null;
        }

        var allowed = 1 - quantile;
        var shares = counted.Select(o => o.Metric(overName)!.Value).ToList();
        var trials = shares.Count;
        var mean = shares.Average();
        var binomial = counted.Average(o => allowed * (1 - allowed) / o.Metric(samplesName)!.Value);
        var observed = trials > 1 ? shares.Sum(s => (s - mean) * (s - mean)) / (trials - 1) : 0;
        return new Shares(mean, Math.Max(observed, binomial), observed > binomial ? trials - 1 : 0, trials, allowed);
    }
}
