namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Energy per day of the baseline and the recommendation serving the same work: the baseline's observed
/// throughput for 24 hours. Cost and emissions follow from the price and carbon intensity when given.
/// </summary>
public sealed record DailyFigures(double UnitsPerDay, double BaselineKwh, double RecommendedKwh, double? PricePerKwh, double? GramsCo2PerKwh)
{
    public const double JoulesPerKwh = 3.6e6;

    public double SavedKwh => BaselineKwh - RecommendedKwh;

    public double? BaselineCost => BaselineKwh * PricePerKwh;

    public double? RecommendedCost => RecommendedKwh * PricePerKwh;

    public double? SavedCost => SavedKwh * PricePerKwh;

    public double? SavedKgCo2 => SavedKwh * GramsCo2PerKwh / 1000;

    public double? BaselineKgCo2 => BaselineKwh * GramsCo2PerKwh / 1000;

    public static DailyFigures? Of(EnergyFigures baseline, EnergyFigures recommended, ReportOptions options)
    {
        if (baseline.UnitsPerSecond is not { } rate || baseline.JoulesPerUnit is not { } before || recommended.JoulesPerUnit is not { } after)
        {
            return null;
        }

        var units = rate * TimeSpan.FromDays(1).TotalSeconds;
        return new DailyFigures(units, units * before / JoulesPerKwh, units * after / JoulesPerKwh, options.PricePerKwh, options.GramsCo2PerKwh);
    }
}
