namespace MLEnergy.Recommender.Observations;

/// <summary>
/// The one definition of <see cref="Metrics.MetricNames.ArrivalDispersion"/> (ratio, per trial): the index of
/// dispersion of a window's arrivals, the variance of their count over <see cref="SubWindows"/> equal sub-windows
/// divided by its mean. Poisson arrivals give 1 (their count over n arrivals varies by √n); a replayed trace's
/// bursts give more (its count varies by √(D·n)), and the keep-up rule's noise allowance widens with it. From the
/// trial's own arrivals, so it holds for whatever the load is.
/// </summary>
public static class ArrivalDispersion
{
    /// <summary>
    /// Sub-windows the arrivals are counted over: 10 s each in a 60 s window. Bursts that last seconds make the count
    /// over longer spans vary more than over shorter ones (the backlog grows over the whole window), so the
    /// sub-windows are as long as a variance can still be estimated from: six, five degrees of freedom. Measured
    /// (seeded Monte Carlo, BurstyKeepUpLooksTests): with twelve, 3.15 % of configurations with 40 % spare capacity
    /// under bursts fell behind over their repeats; with six, 1.45 %, within the rule's 2 %.
    /// </summary>
    public const int SubWindows = 6;

    /// <summary>
    /// The index of dispersion of arrivals counted in each whole second of a window; null when the window is shorter
    /// than <see cref="SubWindows"/> seconds or nothing arrived. Second i belongs to sub-window ⌊i·6/seconds⌋.
    /// </summary>
    public static double? Of(IReadOnlyList<int> eachSecond)
    {
        if (eachSecond.Count < SubWindows || eachSecond.Sum() == 0)
        {
            return null;
        }

        var counts = new double[SubWindows];
        var sizes = new int[SubWindows];
        for (var i = 0; i < eachSecond.Count; i++)
        {
            var part = i * SubWindows / eachSecond.Count;
            counts[part] += eachSecond[i];
            sizes[part]++;
        }

        // Counts per second of each sub-window, so that a sub-window a second longer weighs no more.
        var rates = counts.Select((c, i) => c / sizes[i]).ToArray();
        var mean = rates.Average();
        var variance = rates.Sum(r => (r - mean) * (r - mean)) / (SubWindows - 1);
        return variance / mean * (eachSecond.Count / (double)SubWindows);
    }
}
