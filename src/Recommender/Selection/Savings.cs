using MLEnergy.Units;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// How much less energy the recommendation uses than the baseline, per unit of work; with a confidence interval
/// (<see cref="LowPercent"/> to <see cref="HighPercent"/>) when repeated trials showed the measurement noise.
/// </summary>
public sealed record Savings(double Percent, Energy EnergyPerUnit, string Unit)
{
    /// <summary>The confidence of the interval (two-sided).</summary>
    public const double Confidence = 0.95;

    public double? LowPercent { get; init; }

    public double? HighPercent { get; init; }

    /// <summary>How many repeated trials (over every configuration) the noise estimate rests on; 0 when none.</summary>
    public int NoiseDegreesOfFreedom { get; init; }

    /// <summary>Whether the recommendation uses more energy than the baseline: a negative saving, said so.</summary>
    public bool MoreEnergy => Percent < 0;

    public bool HasInterval => LowPercent is not null && HighPercent is not null;
}
