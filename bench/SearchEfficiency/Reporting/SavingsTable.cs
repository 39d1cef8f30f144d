using MLEnergy.SearchEfficiency.Running;

namespace MLEnergy.SearchEfficiency.Reporting;

/// <summary>
/// One line per scenario group and strategy on the savings the tool quoted (<see cref="SavingCheck"/>): how many runs
/// quoted one, by how many points the quoted saving lies above the true saving of the same pick against the same
/// baseline (mean and median; positive: overstated), by how much the quoted energy ratio lies under the true one
/// (mean, <see cref="SavingCheck.RatioLow"/>), how many quoted an interval, and the share of those intervals
/// that hold the true saving (a 95 % interval should hold it in about 95 % of runs).
/// </summary>
public static class SavingsTable
{
    public static void Write(TextWriter output, IReadOnlyList<Outcome> outcomes)
    {
        output.WriteLine("savings quoted against the true saving of the same pick (points; + overstated)");
        output.WriteLine(
            Row("group", "strategy", "quoted", "over mean", "over p50", "ratio low", "intervals", "cover 95")
        );
        foreach (var group in outcomes.GroupBy(o => (o.Group, o.Strategy)))
        {
            var checks = group.Select(o => o.Saving).OfType<SavingCheck>().ToList();
            if (checks.Count == 0)
            {
                continue;
            }

            var over = checks.Select(c => c.Overstatement).Order().ToList();
            var intervals = checks.Where(c => c.Covers is not null).ToList();
            output.WriteLine(
                Row(
                    group.Key.Group,
                    group.Key.Strategy,
                    SummaryTable.Format($"{checks.Count}/{group.Count()}"),
                    SummaryTable.Format($"{over.Average():+0.00;-0.00}"),
                    SummaryTable.Format($"{Median(over):+0.00;-0.00}"),
                    SummaryTable.Format($"{checks.Average(c => c.RatioLow):+0.00;-0.00}%"),
                    SummaryTable.Format($"{intervals.Count}"),
                    intervals.Count == 0
                        ? "-"
                        : SummaryTable.Format($"{100.0 * intervals.Count(c => c.Covers == true) / intervals.Count:0}%")
                )
            );
        }
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Row(params string[] cells) =>
        string.Join(" ", cells.Select((c, i) => i < 2 ? c.PadRight(i == 0 ? 10 : 11) : c.PadLeft(10)));
}
