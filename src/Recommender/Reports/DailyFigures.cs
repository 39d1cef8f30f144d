using MLEnergy.Units;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Energy per day of the baseline and the recommendation serving the same work: the load both carry (the smaller of
/// their two measured throughputs; under a rate-driven load both keep up, so this is the offered load as served)
/// for 24 hours. Cost and emissions follow from the price and carbon intensity when given.
/// </summary>
/// <param name="UnitsPerSecond">The carried load the day is computed at.</param>
public sealed record DailyFigures(
    double UnitsPerSecond,
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
            baseline.UnitsPerSecond is not { } before
            || recommended.UnitsPerSecond is not { } after
            || baseline.PerUnit is not { } baselineEnergy
            || recommended.PerUnit is not { } recommendedEnergy
        )
        {
            return null;
        }

        var rate = Math.Min(before, after);
        var units = rate * TimeSpan.FromDays(1).TotalSeconds;
        return new DailyFigures(
            rate,
            units,
            baselineEnergy * units,
            recommendedEnergy * units,
            options.PricePerKwh,
            options.GramsCo2PerKwh
        );
    }
}
