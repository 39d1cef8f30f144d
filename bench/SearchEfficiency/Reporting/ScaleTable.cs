using MLEnergy.SearchEfficiency.Running;

namespace MLEnergy.SearchEfficiency.Reporting;

/// <summary>Auto on spaces of growing size: trials, gap, and the strategy's own wall time per proposal.</summary>
public static class ScaleTable
{
    public static void Write(TextWriter output, IReadOnlyList<Outcome> outcomes)
    {
        output.WriteLine(
            $"{"space", -10} {"configs", 9} {"runs", 5} {"trials", 7} {"gap p50", 8} {"ms/prop", 8} {"max ms", 8}"
        );
        foreach (var group in outcomes.GroupBy(o => o.Candidates).OrderBy(g => g.Key))
        {
            var runs = group.ToList();
            var gaps = runs.Select(o => o.Gap ?? double.PositiveInfinity).Order().ToList();
            output.WriteLine(
                SummaryTable.Format(
                    $"{runs[0].Group, -10} {group.Key, 9} {runs.Count, 5} {runs.Average(o => o.Trials), 7:0.0} "
                )
                    + SummaryTable.Format($"{100 * gaps[gaps.Count / 2], 7:0.00}% ")
                    + SummaryTable.Format($"{runs.Average(o => o.MeanProposal.TotalMilliseconds), 8:0} ")
                    + SummaryTable.Format($"{runs.Max(o => o.MaxProposal.TotalMilliseconds), 8:0}")
            );
        }
    }
}
