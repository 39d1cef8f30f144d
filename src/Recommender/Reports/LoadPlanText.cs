using MLEnergy.Recommender.Plans;

namespace MLEnergy.Recommender.Reports;

/// <summary>The plan per load level as a person reads it in a terminal: the bands and the energy comparison.</summary>
public static class LoadPlanText
{
    public static void Write(TextWriter output, LoadPlanEvaluation evaluation)
    {
        output.WriteLine($"Plan per load level (SLO {evaluation.Plan.Slo}):");
        WriteTable(output, LoadPlanRows.BandHeader(evaluation), LoadPlanRows.Bands(evaluation));
        output.WriteLine();
        output.WriteLine("Energy at each level:");
        WriteTable(output, LoadPlanRows.ComparisonHeader(evaluation), LoadPlanRows.Comparison(evaluation));
        output.WriteLine();
        foreach (var fact in LoadPlanRows.Facts(evaluation))
        {
            Results.TextWrap.Write(output, fact);
        }
    }

    private static void WriteTable(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToList();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            output.WriteLine(("  " + string.Join("  ", cells)).TrimEnd());
        }
    }
}
