namespace MLEnergy.Runtime.Prometheus;

/// <summary>
/// A Prometheus histogram read from a page: cumulative counts by bucket upper bound (the last is +Inf), in the
/// histogram's unit (seconds for vLLM's latencies).
/// </summary>
public sealed record PrometheusHistogram(IReadOnlyList<(double Bound, double Count)> Buckets)
{
    public double Count => Buckets.Count == 0 ? 0 : Buckets[^1].Count;

    /// <summary>
    /// What was observed between an earlier reading and this one (bucket by bucket); null when the buckets differ or
    /// a count went down (the server restarted).
    /// </summary>
    public PrometheusHistogram? Since(PrometheusHistogram earlier)
    {
        if (earlier.Buckets.Count != Buckets.Count)
        {
            return null;
        }

        var delta = new (double, double)[Buckets.Count];
        for (var i = 0; i < Buckets.Count; i++)
        {
            var (bound, count) = Buckets[i];
            if (earlier.Buckets[i].Bound != bound || count < earlier.Buckets[i].Count)
            {
                return null;
            }

            delta[i] = (bound, count - earlier.Buckets[i].Count);
        }

        return new PrometheusHistogram(delta);
    }

    /// <summary>
    /// The share of observations above <paramref name="bound"/>, counted from the largest bucket bound at or below it
    /// (exact when <paramref name="bound"/> is a bucket bound; otherwise it may count a few under it as above).
    /// </summary>
    public double ShareAbove(double bound)
    {
        if (Count <= 0)
        {
            return 0;
        }

        var atOrBelow = Buckets.LastOrDefault(b => b.Bound <= bound).Count;
        return (Count - atOrBelow) / Count;
    }
}
