namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// The saving the tool quoted for a run's recommendation against the baseline (percent, with its 95 % interval
/// where it has one) beside the true saving of the same pick against the same baseline on the truth (10 seeds for
/// simulated scenarios): what a user reads against what they would get.
/// </summary>
public sealed record SavingCheck(double Reported, double? Low, double? High, double True)
{
    /// <summary>How many points the quoted saving lies above the true one (negative: understated).</summary>
    public double Overstatement => Reported - True;

    /// <summary>
    /// How much lower (in %) the quoted ratio of the pick's energy to the baseline's lies than the true ratio: the
    /// over-statement without the scale of the saving (a pick that uses 3.7 times the baseline's energy turns a 5 %
    /// error of the ratio into 18 points of saving).
    /// </summary>
    public double RatioLow => 100 * (1 - ((1 - (Reported / 100)) / (1 - (True / 100))));

    /// <summary>Whether the interval holds the true saving; null without an interval.</summary>
    public bool? Covers => Low is { } low && High is { } high ? low <= True && True <= high : null;
}
