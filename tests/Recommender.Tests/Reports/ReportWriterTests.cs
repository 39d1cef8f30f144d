using System.Globalization;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class ReportWriterTests
{
    private static readonly ReportOptions PriceAndCarbon = new() { PricePerKwh = 0.2, GramsCo2PerKwh = 400 };

    public ReportWriterTests() => CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

    [Fact]
    public void MarkdownReportMatchesTheVerifiedFile() =>
        VerifiedFile.Verify(MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Result(), PriceAndCarbon)), "report-md");

    [Fact]
    public void MarkdownReportWithoutARecommendationSaysSoAndShowsTheClosest() =>
        VerifiedFile.Verify(MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Result(sloMs: 5))), "report-md-infeasible");

    [Fact]
    public void HtmlReportMatchesTheVerifiedFile() =>
        VerifiedFile.Verify(HtmlReportWriter.Write(ReportModel.From(ReportFixture.Result(), PriceAndCarbon)), "report-html");

    [Fact]
    public void HtmlReportIsSelfContained()
    {
        var html = HtmlReportWriter.Write(ReportModel.From(ReportFixture.Result()));

        html.Should().NotContain("<script").And.NotContain("<link").And.NotContain("src=\"http");
        html.Should().Contain("<svg id=\"pareto\"").And.Contain("<svg id=\"power\"").And.Contain("class=\"slo-line\"");
    }

    [Fact]
    public void DailyFiguresServeTheBaselinesObservedLoadForADay()
    {
        var model = ReportModel.From(ReportFixture.Result(), PriceAndCarbon);

        // Baseline: 400 W at 0.4 J/token = 1000 tokens/s = 86.4 M tokens/day; 9.6 kWh at 0.4 J/token, 2.4 kWh at 0.1.
        model.Daily!.UnitsPerDay.Should().BeApproximately(86_400_000, 1);
        model.Daily.BaselineKwh.Should().BeApproximately(9.6, 1e-9);
        model.Daily.RecommendedKwh.Should().BeApproximately(2.4, 1e-9);
        model.Daily.SavedCost.Should().BeApproximately(1.44, 1e-9);
        model.Daily.SavedKgCo2.Should().BeApproximately(2.88, 1e-9);
    }

    [Fact]
    public void EfficiencyIsAlsoGivenInMlPerfPowerUnits()
    {
        var figures = ReportModel.From(ReportFixture.Result()).ChosenFigures!;

        figures.UnitsPerJoule.Should().BeApproximately(10, 1e-9);
        figures.MillijoulesPerQuery.Should().BeApproximately(50_000, 1e-6);
    }

    [Fact]
    public void TuningEnergyIntegratesPowerTracesAndOtherwiseUsesAveragePowerTimesHostTime()
    {
        var traced = ReportFixture.Trial(1980, 8, 8, 0.4, 400, (0, 100), (1, 300), (3, 300));
        var untraced = ReportFixture.Trial(1980, 8, 8, 0.4, 400);

        ReportModel.TrialEnergyJoules(traced).Should().BeApproximately(200 + 600, 1e-9);
        ReportModel.TrialEnergyJoules(untraced).Should().BeApproximately(400 * 60, 1e-9);
    }
}
