using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Tests.Results;

public sealed class NegativeSavingTextTests
{
    /// <summary>
    /// The fixture's result with a recommendation that uses 3 % (0.012 J/token) more energy than the baseline, as a
    /// throughput floor the cheaper baseline does not reach leaves it: the decision keeps the current configuration.
    /// </summary>
    private static TuningResult MoreEnergy()
    {
        var result = ReportFixture.Result();
        return result with
        {
            Selection = result.Selection with
            {
                Savings = new Savings(-3.0, Energy.FromJoules(-0.012), "J/token"),
                Decision = Decision.KeepCurrent,
            },
        };
    }

    [Fact]
    public void TheHeadlineSaysANegativeSavingUsesMoreEnergyInsteadOfSavingANegativeShare() =>
        // Before: "the best configuration found saves -3.0 % (no repeats, so no confidence interval), which does not
        // clear the 2 % threshold (--min-saving)."
        DecisionText
            .Headline(MoreEnergy())
            .Should()
            .Be(
                "Keep the current configuration: the best configuration found uses 3.0 % more energy than the "
                    + "baseline (no repeats, so no confidence interval)."
            );

    [Fact]
    public void TheReportSaysANegativeSavingIsNoneAndTheEnergyPerTokenIsMore()
    {
        var markdown = MarkdownReportWriter.Write(ReportModel.From(MoreEnergy()));

        markdown
            .Should()
            .Contain(
                "Savings against the baseline: **none: the recommendation uses 3.0 % more energy than the baseline "
                    + "(no repeats, so no confidence interval)**, 0.012 J/token more."
            )
            .And.NotContain("-3.0 %")
            .And.NotContain("saves -");
    }

    [Fact]
    public void TheDailyTableSaysNoneAndHowMuchMoreWhereTheRecommendationUsesMoreEnergyThanTheBaseline()
    {
        // 0.5 J/token against the baseline's 0.4 at the 1000 tokens/s both carry: 12.0 kWh a day against 9.6. Before,
        // the saved column read -2.40, -0.48 and -0.96.
        var result = ReportFixture.Result();
        var chosen = result.Selection.Recommended!;
        var costlier = result with
        {
            Selection = result.Selection with
            {
                Recommended = chosen with { Metrics = chosen.Metrics.SetItem("energy_per_token_j", 0.5) },
            },
        };
        var options = new ReportOptions { PricePerKwh = 0.2, GramsCo2PerKwh = 400 };

        var markdown = MarkdownReportWriter.Write(ReportModel.From(costlier, options));

        markdown
            .Should()
            .Contain("| energy (kWh) | 9.60 | 12.00 | none: 2.40 more |")
            .And.Contain("| cost (at 0.2 per kWh) | 1.92 | 2.40 | none: 0.48 more |")
            .And.Contain("| emissions (kg CO2e at 400.0 g/kWh) | 3.84 | 4.80 | none: 0.96 more |")
            .And.NotContain("-2.40")
            .And.NotContain("-0.48")
            .And.NotContain("-0.96");
        HtmlReportWriter.Write(ReportModel.From(costlier, options)).Should().Contain("none: 2.40 more");
    }

    [Fact]
    public void APositiveSavingReadsAsBefore() =>
        DecisionText
            .SavesText(new Savings(12.3, Energy.FromJoules(0.05), "J/token"), 2)
            .Should()
            .Be("saves 12.3 % (no repeats, so no confidence interval)");
}
