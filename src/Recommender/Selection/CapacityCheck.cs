using System.Globalization;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// The recommendation's throughput against the baseline's and the floor it had to keep (see
/// <see cref="ThroughputFloor"/>), in the objective's unit of work per second (<see cref="Unit"/>).
/// </summary>
/// <param name="FloorUnitsPerSecond">The floor as applied; null when none applied.</param>
public sealed record CapacityCheck(
    ThroughputFloor Floor,
    string ThroughputMetric,
    string Unit,
    double? FloorUnitsPerSecond,
    double? BaselineUnitsPerSecond,
    double? RecommendedUnitsPerSecond
)
{
    /// <summary>Configurations that met the SLO but served less than the floor.</summary>
    public int BelowFloor { get; init; }

    /// <summary>Why a share-of-baseline floor could not apply (the baseline's throughput is unknown).</summary>
    public string? NotApplied { get; init; }

    /// <summary>The recommendation's throughput as a percentage of the baseline's.</summary>
    public double? PercentOfBaseline =>
        RecommendedUnitsPerSecond / BaselineUnitsPerSecond * 100 is { } p && double.IsFinite(p) ? p : null;

    /// <summary>The throughput both carry, the smaller of the two measured: daily figures use it.</summary>
    public double? CarriedUnitsPerSecond =>
        BaselineUnitsPerSecond is { } b && RecommendedUnitsPerSecond is { } r ? Math.Min(b, r) : null;

    /// <summary>One sentence for the summary and the reports.</summary>
    public string Sentence()
    {
        var served = RecommendedUnitsPerSecond is { } r ? $"the recommendation serves {Rate(r)} {Unit}" : null;
        var against = PercentOfBaseline is { } p
            ? Invariant($", {p:0.#} % of the baseline's ") + $"{Rate(BaselineUnitsPerSecond)} {Unit}"
            : string.Empty;
        var what = served is null ? string.Empty : served + against;
        if (Floor.RateDriven)
        {
            return "Capacity: the load sets the request rate (Poisson or trace), so every configuration considered "
                + "kept up with it (configurations that could not are infeasible)"
                + (what.Length > 0 ? "; " + what : string.Empty)
                + ".";
        }

        if (NotApplied is not null)
        {
            return $"Capacity: no throughput floor applied ({NotApplied})"
                + (what.Length > 0 ? "; " + what : string.Empty)
                + ".";
        }

        if (Floor.IsAny)
        {
            return $"Capacity: any throughput was allowed (--min-throughput 0); {what}.";
        }

        var floor = $"at least {Rate(FloorUnitsPerSecond)} {Unit}";
        return Floor.PercentOfBaseline is 100
            ? $"Capacity: capacity-neutral; {what} (--min-throughput asks for {floor}, the baseline's own, by default)."
            : $"Capacity: {what}; --min-throughput {Floor} asked for {floor}.";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A rate as every other number a person reads (<see cref="Reports.ReportFormat.Number"/>).</summary>
    private static string Rate(double? rate) => rate is null ? string.Empty : Reports.ReportFormat.Number(rate);
}
