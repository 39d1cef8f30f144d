namespace MLEnergy.Profiler.Statistics;

/// <summary>
/// LoadGen's early-stopping rule applied at several looks of one trial (the window is judged, extended while
/// undecided, and judged again) without losing its stated error: each look runs the rule at the Bonferroni-adjusted
/// confidence <c>1 - (1 - confidence) / looks</c>, so a server exactly at the bound passes at most
/// <c>1 - confidence</c> of the time over all <see cref="PlannedLooks"/> together (the union bound; the true rate is
/// lower, since looks at growing samples are strongly correlated). With one planned look it is LoadGen's rule.
/// </summary>
public sealed record SequentialEarlyStopping
{
    public SequentialEarlyStopping(double percentile, double confidence, int plannedLooks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(plannedLooks, 1);
        PlannedLooks = plannedLooks;
        Confidence = confidence;
        PerLook = new EarlyStopping(percentile, 1 - ((1 - confidence) / plannedLooks));
    }

    /// <summary>The overall confidence, over every look together.</summary>
    public double Confidence { get; }

    public int PlannedLooks { get; }

    /// <summary>The rule each look applies.</summary>
    public EarlyStopping PerLook { get; }

    public PercentileVerdict Judge(long samples, long overBound) => PerLook.Judge(samples, overBound);
}
