using MLEnergy.Profiler.Statistics;

namespace MLEnergy.Profiler.Latency;

/// <summary>The latency samples of a set of successful requests, sorted per kind, in milliseconds.</summary>
public sealed class LatencySummary
{
    private readonly Dictionary<LatencyKind, double[]> _sorted;

    private LatencySummary(Dictionary<LatencyKind, double[]> sorted) => _sorted = sorted;

    public static LatencySummary From(IEnumerable<RequestRecord> records)
    {
        var ok = records.Where(r => r.Succeeded && r.TimeToFirstToken is not null).ToList();
        double[] Sorted(IEnumerable<TimeSpan> values) => [.. values.Select(v => v.TotalMilliseconds).Order()];
        return new LatencySummary(
            new Dictionary<LatencyKind, double[]>
            {
                [LatencyKind.Ttft] = Sorted(ok.Select(r => r.TimeToFirstToken!.Value)),
                [LatencyKind.Tpot] = Sorted(
                    ok.Where(r => r.TimePerOutputToken is not null).Select(r => r.TimePerOutputToken!.Value)
                ),
                [LatencyKind.Itl] = Sorted(ok.SelectMany(r => r.InterTokenLatencies())),
                [LatencyKind.E2e] = Sorted(ok.Select(r => r.EndToEnd)),
            }
        );
    }

    public int Count(LatencyKind kind) => _sorted[kind].Length;

    /// <summary>Every sample of <paramref name="kind"/> in milliseconds, ascending.</summary>
    public IReadOnlyList<double> SortedMs(LatencyKind kind) => _sorted[kind];

    /// <summary>The nearest-rank <paramref name="quantile"/> (0..1) in milliseconds; NaN without samples.</summary>
    public double QuantileMs(LatencyKind kind, double quantile) => Percentile.OfSorted(_sorted[kind], quantile);

    /// <summary>
    /// LoadGen's early-stopping estimate of the <paramref name="quantile"/> in milliseconds (NaN when too few samples).
    /// </summary>
    public double EarlyStoppingEstimateMs(LatencyKind kind, double quantile, double confidence) =>
        new EarlyStopping(quantile, confidence).PercentileEstimate(_sorted[kind]);

    public double MeanMs(LatencyKind kind) => _sorted[kind].Length == 0 ? double.NaN : _sorted[kind].Average();

    /// <summary>How many samples exceed <paramref name="boundMs"/>, for early stopping.</summary>
    public int CountAbove(LatencyKind kind, double boundMs)
    {
        var sorted = _sorted[kind];
        var index = Array.BinarySearch(sorted, boundMs);
        var firstAbove = index < 0 ? ~index : index + 1;
        while (firstAbove < sorted.Length && sorted[firstAbove] <= boundMs)
        {
            firstAbove++;
        }

        return sorted.Length - firstAbove;
    }
}
