using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// A right-skewed metric makes the one-sided t test of "mean under the bound" pass too often. A tail latency measured
/// over whole runs (p99 TTFT at a light load) is skewed across runs: most runs read near the median and a few, with a
/// queue build-up, far above it. A handful of runs that drew none of those reads low in its mean and tight in its
/// spread at once (the two are correlated under skew), so the t statistic's lower tail is heavier than Student's and
/// a configuration truly on the bound passes more often than the test's level (measured on 120 simulated runs of one
/// such configuration: 8.8 % instead of 5.5 % over ten looks). Hall's (1992) transformation of the studentised mean
/// removes the skew's first-order effect: with S = (mean - bound) / spread over n runs and skewness γ,
/// T = √n (S + γS²/3 + γ²S³/27 + γ/(6n)), which is monotone in S and equals the plain t statistic when γ = 0.
/// The skewness comes from the whole search (<see cref="PooledLogSkew"/>), because a configuration's own few runs
/// rarely hold the rare ones that make it, and configurations of different capacity show their build-ups on
/// different runs. Only right skew is corrected (γ below zero counts as zero), so the correction never loosens a
/// test.
/// </summary>
public static class SkewCorrection
{
    /// <summary>
    /// Hall's skew-corrected statistic for a mean <paramref name="distance"/> (log of mean over bound) from
    /// <paramref name="trials"/> runs with log spread <paramref name="spread"/>, to compare with a t quantile.
    /// </summary>
    public static double Statistic(double distance, double spread, int trials, double skew)
    {
        var s = distance / spread;
        var g = Math.Max(0, skew);
        return Math.Sqrt(trials) * (s + (g * s * s / 3) + (g * g * s * s * s / 27) + (g / (6.0 * trials)));
    }

    /// <summary>
    /// The skewness of a metric's log across repeated runs, pooled over every configuration with at least three full
    /// trials: each configuration's adjusted sample skewness (scale-free, so a configuration deep in saturation with
    /// a wide spread weighs no more than one near the bound), averaged with weights n - 2; zero with none.
    /// </summary>
    public static double PooledLogSkew(IEnumerable<Observation> trials, string metric)
    {
        var weighted = 0.0;
        var weights = 0;
        foreach (
            var group in trials
                .Where(o => o.Fidelity == TrialFidelity.Full && o.Metric(metric) is > 0)
                .GroupBy(o => o.Configuration)
        )
        {
            var logs = group.Select(o => Math.Log(o.Metric(metric)!.Value)).ToList();
            var n = logs.Count;
            if (n < 3)
            {
                continue;
            }

            var mean = logs.Average();
            var m2 = logs.Sum(x => (x - mean) * (x - mean)) / n;
            if (m2 <= 1e-12)
            {
                continue;
            }

            var m3 = logs.Sum(x => (x - mean) * (x - mean) * (x - mean)) / n;
            weighted += (n - 2) * (Math.Sqrt(n * (n - 1.0)) / (n - 2) * m3 / Math.Pow(m2, 1.5));
            weights += n - 2;
        }

        return weights == 0 ? 0 : weighted / weights;
    }
}
