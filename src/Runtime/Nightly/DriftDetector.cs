using System.Collections.Immutable;
using MathNet.Numerics.Statistics;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// Decides whether metrics moved between the history and tonight's re-measurement. One night compares several
/// metrics of several configurations and says "drifted" when any of them moved, so the night's false-alarm rate,
/// <see cref="DefaultFalseAlarmRate"/> on a host that did not change, is shared among its comparisons (Bonferroni):
/// each one's two-sided interval of the change is at 1 - rate / comparisons (98.75 % for four). The interval, in the
/// logs of the values, comes from the trials' own spread (<see cref="DriftInterval"/>); a change must also exceed a
/// relative
/// noise floor, which only ever removes alarms. Without any measured spread there is no interval and nothing is called
/// drifted: the floor alone is no confidence (a p99 can scatter 15 % from trial to trial). Each night is its own test:
/// on an unchanged host about one night in twenty re-tunes.
/// </summary>
public static class DriftDetector
{
    public const double DefaultNoiseFloor = 0.05;

    /// <summary>The chance that one night on a host that did not change calls anything drifted.</summary>
    public const double DefaultFalseAlarmRate = 0.05;

    /// <summary>Compares every series of one night, sharing the night's false-alarm rate among them.</summary>
    public static ImmutableArray<DriftFinding> CompareAll(
        IReadOnlyList<DriftSeries> series,
        double falseAlarmRate = DefaultFalseAlarmRate,
        double noiseFloor = DefaultNoiseFloor
    )
    {
        var confidence = 1 - (falseAlarmRate / Math.Max(1, series.Count));
        var pooled = series
            .GroupBy(s => s.Metric, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => DriftInterval.RelativeSpread([.. g]), StringComparer.Ordinal);
        return [.. series.Select(s => Compare(s, confidence, pooled[s.Metric], noiseFloor))];
    }

    /// <summary>One comparison alone, at 95 %, with only its own trials' spread.</summary>
    public static DriftFinding Compare(
        string role,
        string configuration,
        string metric,
        IReadOnlyList<double> before,
        IReadOnlyList<double> after,
        double noiseFloor = DefaultNoiseFloor
    ) => CompareAll([new DriftSeries(role, configuration, metric, before, after)], noiseFloor: noiseFloor)[0];

    private static DriftFinding Compare(
        DriftSeries series,
        double confidence,
        (double Spread, int Freedom) pooled,
        double noiseFloor
    )
    {
        ArgumentOutOfRangeException.ThrowIfZero(series.Before.Count);
        ArgumentOutOfRangeException.ThrowIfZero(series.After.Count);
        var meanBefore = series.Before.Mean();
        var meanAfter = series.After.Mean();
        var (logHalfWidth, method) = DriftInterval.HalfWidth(series, confidence, pooled);
        var logChange = DriftInterval.Logs(series.After).Mean() - DriftInterval.Logs(series.Before).Mean();
        var floor = Math.Abs(meanBefore) * noiseFloor;
        var drifted =
            double.IsFinite(logHalfWidth)
            && Math.Abs(logChange) > logHalfWidth
            && Math.Abs(meanAfter - meanBefore) > floor;
        // In the metric's unit: the change in the mean that the interval in logs allows above the history's mean.
        var halfWidth = Math.Abs(meanBefore) * (Math.Exp(logHalfWidth) - 1);
        return new DriftFinding(
            series.Role,
            series.Configuration,
            series.Metric,
            meanBefore,
            meanAfter,
            halfWidth,
            floor,
            drifted
        )
        {
            Confidence = confidence,
            Interval = method,
        };
    }
}
