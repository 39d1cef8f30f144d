using System.Text.RegularExpressions;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Reports.Plots;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class ParetoPlotTests
{
    /// <summary>
    /// The fixture as the auto strategy leaves it: the baseline and the best configurations repeated.
    /// </summary>
    private static TuningResult Repeated()
    {
        var result = ReportFixture.Result();
        var run = result.Run with
        {
            Observations =
            [
                .. result.Run.Observations,
                ReportFixture.Trial(1980, 8, 8.2, 0.42, 400),
                ReportFixture.Trial(1410, 64, 24.4, 0.104, 500),
                ReportFixture.Trial(1980, 64, 20.3, 0.118, 600),
            ],
            Slo = result.Slo,
        };
        return TuningResult.From(result.Space, result.Slo, "sim", run, result.StartedAt, result.FinishedAt);
    }

    private static string Plot(TuningResult result) => ParetoPlot.Render(ReportModel.From(result));

    [Fact]
    public void BaselineAndRecommendationAreMarkedWithALegendWhenBothWereMeasuredMoreThanOnce()
    {
        var svg = Plot(Repeated());

        svg.Should().Contain("<g class=\"marker baseline\">").And.Contain("<g class=\"marker recommendation\">");
        svg.Should().Contain("<g class=\"legend\">");
        foreach (var entry in new[] { "baseline", "recommended", "Pareto frontier", "SLO bound", "range of repeats" })
        {
            svg.Should().Contain($">{entry}</text>");
        }
    }

    [Fact]
    public void TheFrontierLinePassesThroughEveryFrontierConfigurationRepeatedOrNot()
    {
        var result = Repeated();

        var svg = Plot(result);

        var line = Regex.Match(svg, "<polyline class=\"frontier-line\" points=\"([^\"]*)\"").Groups[1].Value;
        line.Split(' ').Should().HaveCount(result.Frontier.Length);
    }

    [Fact]
    public void DotsAreMergedMeansWithTheRangeOfTheirRepeats()
    {
        var svg = Plot(Repeated());

        // Baseline trials at 0.4 and 0.42 J/token: one dot at the mean, one interval.
        svg.Should().Contain("sm_clock_cap_mhz=1980 max_num_seqs=8: itl_p50_ms 8.10 ms, 0.41 J/token");
        Regex.Matches(svg, "<circle class=\"point ").Should().HaveCount(7);
        Regex.Matches(svg, "class=\"repeat-interval\"").Should().HaveCount(3 + 1, "three repeated, one in the legend");
    }

    [Fact]
    public void TheEnergyAxisIsLogarithmicWhenEnergiesSpanAFactorOfTen()
    {
        var wide = Plot(ReportFixture.Result(baseline: ReportFixture.Trial(1980, 8, 8, 0.9, 400)));
        var narrow = Plot(ReportFixture.Result());

        wide.Should().Contain("(J/token, log scale)");
        narrow.Should().NotContain("log scale");
    }
}
