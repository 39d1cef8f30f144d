namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// The saving the tool quoted for a run's recommendation against the baseline (percent, with its 95 % interval
/// where it has one) beside the true saving of the same pick against the same baseline on the truth (10 seeds for
/// simulated scenarios): what a user reads against what they would get.
/// </summary>
public sealed record SavingCheck(double Reported, double? Low, double? High, double True)
{
    /// <summary>How many trials of the pick the quote rests on that did not choose it (0: all of its trials).</summary>
    public int HeldOutTrials { get; init; }

    /// <summary>How many points the quoted saving lies above the true one (negative: understated).</summary>
    public double Overstatement => Reported - True;

    /// <summary>Whether the interval holds the true saving; null without an interval.</summary>
    public bool? Covers => Low is { } low && High is { } high ? low <= True && True <= high : null;
}
