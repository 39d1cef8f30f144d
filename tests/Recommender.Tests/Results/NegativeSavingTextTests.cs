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
    public void APositiveSavingReadsAsBefore() =>
        DecisionText
            .SavesText(new Savings(12.3, Energy.FromJoules(0.05), "J/token"), 2)
            .Should()
            .Be("saves 12.3 % (no repeats, so no confidence interval)");
}
