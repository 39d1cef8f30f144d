namespace MLEnergy.Simulation.Engine;

/// <summary>
/// Counts of latencies in logarithmic buckets 0.5% wide (1 µs to about 2 hours), so that every inter-token
/// time of a long run is kept at constant memory; percentiles are exact to within half a bucket.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Floor = 1e-6;
    private const int BucketCount = 4500;
    private static readonly double LogBase = Math.Log(1.005);
    private readonly long[] counts = new long[BucketCount];

    public long Count { get; private set; }

    public double SumSeconds { get; private set; }

    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(SumSeconds / Count);

    /// <summary>Records <paramref name="count"/> latencies of the same length.</summary>
    public void Add(double seconds, long count = 1)
    {
        var index = seconds <= Floor ? 0 : Math.Min(BucketCount - 1, (int)(Math.Log(seconds / Floor) / LogBase));
        counts[index] += count;
        Count += count;
        SumSeconds += seconds * count;
    }

    public void Merge(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            counts[i] += other.counts[i];
        }

        Count += other.Count;
        SumSeconds += other.SumSeconds;
    }

    /// <summary>
    /// The latency at or under which a fraction <paramref name="quantile"/> (0..1) of all recorded ones fall.
    /// </summary>
    public TimeSpan Percentile(double quantile)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Math.Clamp(quantile, 0, 1) * Count;
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0)
            {
                var middle = Floor * Math.Exp((i + 0.5) * LogBase);
                return TimeSpan.FromSeconds(middle);
            }
        }

        return TimeSpan.FromSeconds(Floor * Math.Exp(BucketCount * LogBase));
    }
}
