using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// The two-sided interval of a change between history and re-measurement, in the mean of the logs of the trials'
/// values (a relative change: trial-to-trial spread of energy and latency is relative, and a tail's is skewed), from
/// the spread the trials showed: the two-sample t interval with the variance pooled over both sides (under no drift
/// both sides measure the same thing, so one trial on a side is enough when the other has repeats).
/// Where the configuration's own trials rest on fewer than <see cref="EnoughFreedom"/> degrees of freedom, the relative
/// spread pooled over every configuration compared that night stands in, unless the own one is wider on two or more
/// (the rule <see cref="Recommender.Search.ConfidentVerdicts.Spread"/> applies to SLO verdicts).
/// </summary>
public static class DriftInterval
{
    /// <summary>Degrees of freedom from which a configuration's own spread is used alone.</summary>
    public const int EnoughFreedom = 4;

    /// <summary>The half width in logs (0.05 is about 5 %), and where its spread came from.</summary>
    public static (double HalfWidth, string Method) HalfWidth(
        DriftSeries series,
        double confidence,
        (double Spread, int Freedom) pooled
    )
    {
        var (before, after) = (Logs(series.Before), Logs(series.After));
        if (before.Count == 0 || after.Count == 0)
        {
            return (double.PositiveInfinity, "no positive values");
        }

        var own = OwnSpread(series);
        var useOwn =
            own.Freedom >= EnoughFreedom
            || (own.Freedom > 0 && pooled.Freedom <= own.Freedom)
            || (own.Freedom >= 2 && own.Spread > pooled.Spread);
        if (useOwn)
        {
            return (TwoSample(before, after, confidence), "its own trials");
        }

        if (pooled.Freedom > 0)
        {
            var error = pooled.Spread * Math.Sqrt((1.0 / before.Count) + (1.0 / after.Count));
            return (Quantile(confidence, pooled.Freedom) * error, "spread pooled over the configurations compared");
        }

        return (double.PositiveInfinity, "no repeated trials");
    }

    /// <summary>
    /// The relative (log) spread of a metric within each side of every series, pooled, with its degrees of freedom.
    /// </summary>
    public static (double Spread, int Freedom) RelativeSpread(IReadOnlyList<DriftSeries> series)
    {
        var (squares, freedom) = (0.0, 0);
        foreach (var side in series.SelectMany(s => new[] { s.Before, s.After }))
        {
            var logs = Logs(side);
            if (logs.Count > 1)
            {
                var mean = logs.Average();
                squares += logs.Sum(x => (x - mean) * (x - mean));
                freedom += logs.Count - 1;
            }
        }

        return freedom == 0 ? (0, 0) : (Math.Sqrt(squares / freedom), freedom);
    }

    /// <summary>The logs of the positive values (measured energy and latency are positive).</summary>
    public static List<double> Logs(IEnumerable<double> values) =>
        [.. values.Where(v => v > 0).Select(v => Math.Log(v))];

    private static (double Spread, int Freedom) OwnSpread(DriftSeries series) => RelativeSpread([series]);

    /// <summary>
    /// Half the width of the two-sample t interval of the difference of means with the pooled variance (0 without
    /// spread): exact under no drift, where both sides measure the same thing. Welch's interval, which does not pool,
    /// let 5.8 % of nights on an unchanged host alarm where 5 % was stated: against a long history and three fresh
    /// trials its estimated degrees of freedom run high when the fresh trials happen to agree.
    /// </summary>
    public static double TwoSample(IReadOnlyList<double> before, IReadOnlyList<double> after, double confidence)
    {
        var freedom = before.Count + after.Count - 2;
        var squares = SumOfSquares(before) + SumOfSquares(after);
        var error = Math.Sqrt(squares / freedom * ((1.0 / before.Count) + (1.0 / after.Count)));
        return error <= 0 ? 0 : Quantile(confidence, freedom) * error;
    }

    private static double SumOfSquares(IReadOnlyList<double> values)
    {
        var mean = values.Mean();
        return values.Sum(x => (x - mean) * (x - mean));
    }

    private static double Quantile(double confidence, double freedom) =>
        StudentT.InvCDF(0, 1, freedom, 1 - ((1 - confidence) / 2));
}
