using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Reports.Plots;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed partial class HistoryAndKnobPlotTests
{
    [Fact]
    public void TheHistoryHasATrialPerPointAndABestSoFarLineThatNeverRises()
    {
        var model = ReportModel.From(ReportFixture.Result());

        var svg = HistoryPlot.Render(model);

        Regex.Count(svg, "<circle class=\"point ").Should().Be(model.Result.Run.Observations.Count(o => o.Feasible));
        svg.Should().Contain("best meeting the SLO so far", "the legend names the line");
        var line = BestLine().Match(svg).Groups[1].Value;
        var heights = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture))
            .ToList();
        heights.Should().HaveCountGreaterThan(1);
        // SVG y grows downwards: a best energy that never rises is a line that never goes up the page.
        heights.Should().BeInAscendingOrder();
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
