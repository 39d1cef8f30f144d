using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Reports.Plots;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed partial class HistoryAndKnobPlotTests
{
    [Theory]
    [InlineData(400)]
    [InlineData(4000)]
    public void TheHistoryHasATrialPerPointAndALineThatEndsAtTheRecommendation(double baselineWatts)
    {
        // The line is the recommendation after each trial, so its last height is the recommended energy that the
        // summary quotes; it was the least single trial that met the SLO, which a recommendation of averaged repeats
        // or a kept throughput floor need not be. At 4000 W the baseline serves 10,000 tokens/s, which no cheaper
        // trial keeps: it stays the recommendation (0.4 J/token) while the least trial meeting the SLO is 0.1.
        var baseline = ReportFixture.Trial(1980, 8, 8, 0.4, baselineWatts, (0, 380), (1, 410));
        var model = ReportModel.From(ReportFixture.Result(baseline: baseline));
        var result = model.Result;

        var svg = HistoryPlot.Render(model);

        Regex.Count(svg, "<circle class=\"point ").Should().Be(result.Run.Observations.Count(o => o.Feasible));
        svg.Should().Contain("recommended so far", "the legend names the line");
        var line = BestLine().Match(svg).Groups[1].Value;
        var heights = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture))
            .ToList();
        heights.Should().HaveCountGreaterThan(1);
        var energies = result
            .Run.Observations.Select(o => o.Metric(result.EnergyMetric))
            .OfType<double>()
            .Where(e => double.IsFinite(e) && e > 0)
            .ToArray();
        var recommended = result.Selection.Recommended!.Metric(result.EnergyMetric)!.Value;
        heights[^1].Should().BeApproximately(PlotFrame.Standard.Y(AxisScale.For(energies), recommended), 0.1);
    }

    [Fact]
    public void ATrialWhoseConfigurationCouldNotCarryTheLoadIsNotDrawnAsMeetingTheSlo()
    {
        // Under a 40 ms bound the fixture's 990 MHz x 64 meets the SLO; in its one trial 99 % of its batch slots were
        // occupied: the summary counts it as not carrying the load, and the plot drew it blue, "meets the SLO".
        var result = ReportFixture.Result(sloMs: 40);
        var full = ReportFixture.Trial(990, 64, 34, 0.09, 450);
        var loaded = ReportFixture.UnderRate(full, 0.99);
        var run = result.Run with
        {
            Observations =
            [
                .. result.Run.Observations.Select(o => o.Configuration.Equals(full.Configuration) ? loaded : o),
            ],
        };
        var number = run.Observations.ToList().IndexOf(loaded) + 1;

        var svg = HistoryPlot.Render(ReportModel.From(result with { Run = run }));

        svg.Should()
            .Contain(
                $"<title>trial {number}: 0.09 J/token (its configuration cannot carry the load)</title>",
                "the trial's tooltip"
            );
        HistoryPlot.Render(ReportModel.From(result)).Should().Contain($"trial {number}: 0.09 J/token (meets the SLO)");
    }

    [Fact]
    public void EachTunedNumericKnobHasItsOwnPanel()
    {
        var panels = KnobPlot.Render(ReportModel.From(ReportFixture.Result())).ToList();

        panels
            .Select(p => KnobId().Match(p).Groups[1].Value)
            .Should()
            .BeEquivalentTo("sm_clock_cap_mhz", "max_num_seqs");
    }

    [Fact]
    public void TheZoomedViewKeepsOnlyConfigurationsNearTheSloBound()
    {
        var model = ReportModel.From(ReportFixture.Result(sloMs: 21));

        var svg = ParetoPlot.RenderZoomed(model);

        svg.Should().NotBeNull().And.Contain("id=\"pareto-zoom\"");
        var full = Regex.Count(ParetoPlot.Render(model), "class=\"point ");
        Regex.Count(svg!, "class=\"point ").Should().BeLessThan(full).And.BeGreaterThanOrEqualTo(2);
    }

    [GeneratedRegex("class=\"best-line\" points=\"([^\"]*)\"")]
    private static partial Regex BestLine();

    [GeneratedRegex("id=\"knob-([a-z_]+)\"")]
    private static partial Regex KnobId();
}
