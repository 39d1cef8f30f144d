using MLEnergy.Recommender.Plans;

namespace MLEnergy.Recommender.Reports;

/// <summary>report.md's section on a plan per load level: its bands, the energy comparison, what they mean.</summary>
public static class LoadPlanSection
{
    public const string Heading = "Plan per load level";

    public static void Write(TextWriter output, LoadPlanEvaluation evaluation)
    {
        output.WriteLine($"## {Heading}");
        output.WriteLine();
        output.WriteLine(
            $"Each band is served with the GPU knobs tuned at its upper rate (the band's hardest load); "
                + $"`mlenergy govern` follows plan.json. SLO: {evaluation.Plan.Slo} "
                + $"({evaluation.Plan.Confidence} confidence)."
        );
        output.WriteLine();
        Table(output, LoadPlanRows.BandHeader(evaluation), LoadPlanRows.Bands(evaluation));
        output.WriteLine();
        Table(output, LoadPlanRows.ComparisonHeader(evaluation), LoadPlanRows.Comparison(evaluation));
        output.WriteLine();
        foreach (var fact in LoadPlanRows.Facts(evaluation))
        {
            output.WriteLine($"- {fact}");
        }

        output.WriteLine();
    }

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        output.WriteLine($"| {string.Join(" | ", header)} |");
        output.WriteLine($"| --- |{string.Concat(Enumerable.Repeat(" ---: |", header.Length - 1))}");
        foreach (var row in rows)
        {
            output.WriteLine($"| {string.Join(" | ", row)} |");
        }
    }
}
