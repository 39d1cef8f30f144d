using System.Globalization;
using MLEnergy.SearchEfficiency.Running;

namespace MLEnergy.SearchEfficiency.Reporting;

/// <summary>
/// One line per scenario group and strategy: runs, mean trials and distinct configurations (also as a
/// share of the grid, the share of runs that measured more than half the grid and the largest share), mean host time,
/// median and 95th-percentile energy gap to the oracle, the share of
/// runs within 1 % and 3 % and exactly right, and how many recommendations really missed the SLO (or really could not
/// carry the load: a seed of the truth could not keep up): on the truth, and
/// ("40 seeds") on the truth over more seeds for recommendations whose truth lies near a bound. The last four columns
/// ("40s ...") are the median gap and the shares within 1 %, within 3 % and exact with feasibility read on that closer
/// truth near a bound, the optimum's included (<see cref="Outcome.Closer"/>; the same as the first where the truth is
/// exact), so that both truths compare in one row.
/// </summary>
public static class SummaryTable
{
    public static void Write(TextWriter output, IReadOnlyList<Outcome> outcomes)
    {
        output.WriteLine(
            Row(
                "group",
                "strategy",
                "runs",
                "trials",
                "configs",
                "% of grid",
                ">half",
                "max %",
                "host h",
                "gap p50",
                "gap p95",
                "<=1%",
                "<=3%",
                "exact",
                "SLO miss",
                "40 seeds",
                "40s p50",
                "40s<=1%",
                "40s<=3%",
                "40s exact"
            )
        );
        foreach (var group in outcomes.GroupBy(o => (o.Group, o.Strategy)))
        {
            var runs = group.ToList();
            var gaps = runs.Select(o => o.OnTruth.Ranked).Order().ToList();
            var closer = runs.Select(o => o.Closer.Ranked).Order().ToList();
            output.WriteLine(
                Row(
                    group.Key.Group,
                    group.Key.Strategy,
                    Format($"{runs.Count}"),
                    Format($"{runs.Average(o => o.Trials):0.0}"),
                    Format($"{runs.Average(o => o.Configurations):0.0}"),
                    Format($"{100 * runs.Average(o => (double)o.Configurations / o.Candidates):0.0}"),
                    HalfOfLargeTables(runs),
                    Format($"{100 * runs.Max(o => (double)o.Configurations / o.Candidates):0.0}"),
                    Format($"{runs.Average(o => o.HostTime.TotalHours):0.0}"),
                    Percent(Quantile(gaps, 0.5)),
                    Percent(Quantile(gaps, 0.95)),
                    Format($"{100.0 * runs.Count(o => o.Within(CertifiableReference.Near)) / runs.Count:0}%"),
                    Format($"{100.0 * runs.Count(o => o.Within(CertifiableReference.Within)) / runs.Count:0}%"),
                    Format($"{100.0 * runs.Count(o => o.Exact) / runs.Count:0}%"),
                    Format($"{runs.Count(o => o.Gap is double.PositiveInfinity)}"),
                    Format($"{runs.Count(o => o.CloserMiss)}"),
                    Percent(Quantile(closer, 0.5)),
                    Format($"{100.0 * runs.Count(o => o.Closer.Within(CertifiableReference.Near)) / runs.Count:0}%"),
                    Format($"{100.0 * runs.Count(o => o.Closer.Within(CertifiableReference.Within)) / runs.Count:0}%"),
                    Format($"{100.0 * runs.Count(o => o.Closer.Exact) / runs.Count:0}%")
                )
            );
        }
    }

    /// <summary>
    /// The share of runs on spaces of <see cref="LargeTable"/> or more configurations that measured more than half of
    /// them (smaller spaces are left out: there, half is a handful of trials).
    /// </summary>
    private static string HalfOfLargeTables(List<Outcome> runs)
    {
        var large = runs.Where(o => o.Candidates >= LargeTable).ToList();
        return large.Count == 0
            ? "-"
            : Format($"{100.0 * large.Count(o => 2 * o.Configurations > o.Candidates) / large.Count:0.0}%");
    }

    /// <summary>The smallest space the "&gt;half" column counts.</summary>
    public const int LargeTable = 8;

    internal static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double gap) => double.IsPositiveInfinity(gap) ? "miss" : Format($"{100 * gap:0.00}%");

    private static double Quantile(List<double> sorted, double q) =>
        sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];

    private static string Row(params string[] cells) =>
        string.Join(" ", cells.Select((c, i) => i < 2 ? c.PadRight(i == 0 ? 10 : 8) : c.PadLeft(9)));
}
