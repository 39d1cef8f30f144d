using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed partial class CountsOfOneTests
{
    /// <summary>
    /// The fixture's space with one value a knob on one GPU, measured once over one server restart: every count the
    /// summary and the reports print is one.
    /// </summary>
    private static TuningResult OneOfEach()
    {
        var space = ReportFixture.Space with
        {
            Knobs = [.. ReportFixture.Space.Knobs.Select(k => k with { Values = [k.Values[^1]] })],
            Variables = ImmutableDictionary<string, double>.Empty.Add("gpus", 1),
            Baseline = ReportFixture.Config(1980, 256),
        };
        var trial = ReportFixture.Trial(1980, 256, 8, 0.4, 400, (0, 380), (1, 410));
        var run = new TuningRun([trial], 1, 1, "grid", StrategyDecision.AllMeasured(1).StopReason!, 1);
        var slo = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Itl, Statistic.P50, 30)]);
        return TuningResult.From(space, slo, "simulated H100 host", run, ReportFixture.Started, ReportFixture.Started);
    }

    [Fact]
    public void TheSummaryAndTheReportsSayOneConfigurationTrialGpuAndRestartInTheSingular()
    {
        // Before: "stopped because every one of the 1 configurations was measured", "1 over 1 distinct
        // configurations".
        var result = OneOfEach();
        var summary = new StringWriter();
        SummaryTextWriter.Write(summary, result);
        var model = ReportModel.From(result);
        var texts = new[] { summary.ToString(), MarkdownReportWriter.Write(model), HtmlReportWriter.Write(model) };

        foreach (var text in texts)
        {
            PluralOfOne().Matches(text).Select(m => m.Value).Should().BeEmpty();
        }

        texts[0].Should().Contain("Trials: 1 over 1 distinct configuration (of 1 in the space");
        texts[1]
            .Should()
            .Contain("1 trial over 1 distinct configuration (of 1 in the space), 1 server restart; stopped because the")
            .And.Contain("the one configuration was measured");
    }

    [GeneratedRegex(
        @"(?<![\d.,])1 (distinct |new |server )?(configurations|trials|restarts|GPUs|requests|latencies|chunks)\b"
    )]
    private static partial Regex PluralOfOne();
}
