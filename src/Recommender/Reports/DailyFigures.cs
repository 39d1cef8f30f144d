using MLEnergy.Units;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Energy per day of the baseline and the recommendation serving the same work: the baseline's measured
/// throughput for 24 hours. Cost and emissions follow from the price and carbon intensity when given.
/// </summary>
public sealed record DailyFigures(
    double UnitsPerDay,
    Energy Baseline,
    Energy Recommended,
    double? PricePerKwh,
    double? GramsCo2PerKwh
)
{
    public Energy Saved => Baseline - Recommended;

    public double BaselineKwh => Baseline.KilowattHours;

    public double RecommendedKwh => Recommended.KilowattHours;

    public double SavedKwh => Saved.KilowattHours;

    public double? BaselineCost => BaselineKwh * PricePerKwh;

    public double? RecommendedCost => RecommendedKwh * PricePerKwh;

    public double? SavedCost => SavedKwh * PricePerKwh;

    public double? SavedKgCo2 => SavedKwh * GramsCo2PerKwh / 1000;

    public double? BaselineKgCo2 => BaselineKwh * GramsCo2PerKwh / 1000;

    public double? RecommendedKgCo2 => RecommendedKwh * GramsCo2PerKwh / 1000;

    public static DailyFigures? Of(EnergyFigures baseline, EnergyFigures recommended, ReportOptions options)
    {
        if (
            baseline.UnitsPerSecond is not { } rate
            || baseline.PerUnit is not { } before
            || recommended.PerUnit is not { } after
        )
        {
            return null;
        }

        var units = rate * TimeSpan.FromDays(1).TotalSeconds;
        return new DailyFigures(units, before * units, after * units, options.PricePerKwh, options.GramsCo2PerKwh);
    }
}
