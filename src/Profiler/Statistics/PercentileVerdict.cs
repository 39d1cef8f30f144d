namespace MLEnergy.Profiler.Statistics;

/// <summary>Whether a percentile bound holds at the chosen confidence, fails, or needs more samples.</summary>
public enum PercentileVerdict
{
    Met,
    Missed,
    Undecided,
}
