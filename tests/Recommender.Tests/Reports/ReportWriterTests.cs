using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Reports.Plots;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class ReportWriterTests
{
    private static readonly ReportOptions PriceAndCarbon = new()
    {
        PricePerKwh = 0.2,
        GramsCo2PerKwh = 400,
        RunId = "20250304-050607-h100-vllm",
    };

    public ReportWriterTests() => CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

    [Fact]
    public void MarkdownReportMatchesTheVerifiedFile() =>
        VerifiedFile.Verify(
            MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Result(), PriceAndCarbon)),
            "report-md"
        );

    [Fact]
    public void MarkdownReportWithoutARecommendationSaysSoAndShowsTheClosest() =>
        VerifiedFile.Verify(
            MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Result(sloMs: 5))),
            "report-md-infeasible"
        );

    [Fact]
    public void HtmlReportMatchesTheVerifiedFile() =>
        VerifiedFile.Verify(
            HtmlReportWriter.Write(ReportModel.From(ReportFixture.Result(), PriceAndCarbon)),
            "report-html"
        );

    [Fact]
    public void TheReportNamesTheRunIdInItsApplyCommandsNeverTheWordRun()
    {
        var markdown = MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Result(), PriceAndCarbon));

        markdown.Should().Contain("`mlenergy apply 20250304-050607-h100-vllm --print`");
        markdown.Should().Contain("`mlenergy restore`");
        markdown.Should().NotContain("apply RUN");
    }

    [Fact]
    public void TheReportOfASimulatedRunSaysThereIsNothingToApply()
    {
        var options = PriceAndCarbon with { HostCanApply = false };

        var markdown = MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Result(), options));

        markdown.Should().Contain("nothing to apply");
        markdown.Should().NotContain("`mlenergy apply 20250304-050607-h100-vllm` applies");
    }

    [Fact]
    public void TheReportsQuoteNoSavingsAgainstABaselineThatMissesTheSloAndSayWhy()
    {
        var result = ReportFixture.Result(baseline: ReportFixture.Trial(1980, 8, 40, 0.4, 400));
        var model = ReportModel.From(result, PriceAndCarbon);

        var markdown = MarkdownReportWriter.Write(model);
        var html = HtmlReportWriter.Write(model);

        markdown.Should().Contain("No savings are quoted: the baseline does not meet the SLO (p50 itl<=30ms: 40 ms");
        markdown.Should().NotContain("Savings against the baseline").And.NotContain("saved per day");
        html.Should().Contain("No savings are quoted: the baseline does not meet the SLO");
        html.Should().Contain("<strong>Decision:</strong> Change to the recommendation; no savings are quoted");
    }

    [Fact]
    public void TheReportSaysWhichConfigurationCouldNotCarryTheLoadAndWhy()
    {
        // Four trials of the fixture's cheapest configuration whose queue grew by 5 of 180 each while 97 % of the
        // batch slots were occupied: 0.97 x (1 + 2.326/sqrt(720)) = 1.05, no spare capacity.
        var result = ReportFixture.Result();
        var full = ReportFixture.Trial(990, 64, 34, 0.09, 450);
        var loaded = ReportFixture.UnderRate(full, 0.97);
        var run = result.Run with
        {
            Observations =
            [
                .. result.Run.Observations.Where(o => !o.Configuration.Equals(full.Configuration)),
                loaded,
                loaded,
                loaded,
                loaded,
            ],
        };

        var markdown = MarkdownReportWriter.Write(ReportModel.From(result with { Run = run }, PriceAndCarbon));

        markdown
            .Should()
            .Contain(
                "Load: 1 measured configuration could not carry it; the least energy of them, sm_clock_cap_mhz=990 "
                    + "max_num_seqs=64: cannot carry the load: batch slots 97 % occupied over 720 arrivals (4 trials)"
            );
        // Seen on a grid at poisson:4: "Infeasible trials: 4" beside "7 measured configurations could not carry it".
        markdown
            .Should()
            .Contain(
                "- Infeasible trials: 1; besides them, 1 configuration whose every trial kept up could not carry the "
                    + "load over their trials taken together"
            );
    }

    [Fact]
    public void ABaselineThatCouldNotKeepUpIsNotComparedFigureByFigure()
    {
        // At 12 req/s offered the baseline served 9 and its queue grew: its 0.4 J/token is the energy of a lighter
        // load than the recommendation carried, so the table's change column must not set the two side by side.
        var measured = ReportFixture.Trial(1980, 8, 8, 0.4, 400, (0, 380), (1, 410), (2, 405));
        var overrun = measured with
        {
            Metrics = measured
                .Metrics.Add("offered_requests", 720)
                .Add("backlog_growth", 180)
                .Add("offered_requests_per_s", 12),
        };
        var baseline = overrun with { Feasible = false, InfeasibleReason = KeepUpRule.Problem(overrun) };
        var model = ReportModel.From(ReportFixture.Result(baseline: baseline), PriceAndCarbon);

        var markdown = MarkdownReportWriter.Write(model);

        model.BaselineFigures.Should().BeNull();
        model.Daily.Should().BeNull();
        var power = PowerPlot.Render(model);
        power.Should().Contain("power-trace recommendation").And.NotContain("power-trace baseline");
        ParetoPlot.Render(model).Should().Contain(">baseline (infeasible, not compared)</text>");
        ParetoPlot.Render(ReportModel.From(ReportFixture.Result())).Should().NotContain("not compared");
        markdown.Should().Contain("| energy_per_token_j (J/token) | - | 0.1 | - |");
        markdown.Should().Contain("| itl_p50_ms (ms) | - | 24.00 | - |");
        markdown.Should().NotContain("-75.0 %");
        markdown
            .Should()
            .Contain(
                "No savings are quoted: the baseline could not carry the load (cannot keep up: served 9.0 requests/s "
                    + "of 12.0 offered; queue grew by 180 requests in the window)."
            );
    }

    [Fact]
    public void HtmlReportHoldsEverythingTheMarkdownReportHolds()
    {
        var model = ReportModel.From(ReportFixture.Result(), PriceAndCarbon);
        var markdown = MarkdownReportWriter.Write(model);

        var html = System.Net.WebUtility.HtmlDecode(HtmlReportWriter.Write(model));

        var headings = markdown.Split('\n').Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')).ToList();
        var rows = markdown
            .Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Where(l => !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1])
            .Where(cell => cell.Length > 0)
            .ToList();
        headings.Should().Contain(["SLO check", "Cost of tuning", "At the load both carry"]);
        html.Should().ContainAll(headings).And.ContainAll(rows.Select(r => $">{r}<"));
        html.Should().Contain("Energy spent by the trials themselves").And.Contain("headroom");
    }

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

        // Baseline: 1000 tokens/s measured (400 W at 0.4 J/token) = 86.4 M tokens/day;
        // 9.6 kWh at 0.4 J/token, 2.4 kWh at 0.1.
        model.Daily!.UnitsPerDay.Should().BeApproximately(86_400_000, 1);
        model.Daily.BaselineKwh.Should().BeApproximately(9.6, 1e-9);
        model.Daily.RecommendedKwh.Should().BeApproximately(2.4, 1e-9);
        model.Daily.SavedCost.Should().BeApproximately(1.44, 1e-9);
        model.Daily.SavedKgCo2.Should().BeApproximately(2.88, 1e-9);
    }

    [Fact]
    public void DailyFiguresAreComputedAtTheLoadBothCarryTheSmallerThroughput()
    {
        // The recommendation serves 600 tokens/s against the baseline's 1000: a day of the work both carry is
        // 600 x 86,400 = 51.84 M tokens; 0.4 J/token is 5.76 kWh, 0.1 J/token 1.44 kWh.
        var result = ReportFixture.Result();
        var chosen = result.Selection.Recommended!;
        var slower = chosen with { Metrics = chosen.Metrics.SetItem("throughput_tokens_per_s", 600) };
        var model = ReportModel.From(
            result with
            {
                Selection = result.Selection with { Recommended = slower },
            },
            PriceAndCarbon
        );

        model.Daily!.UnitsPerSecond.Should().Be(600);
        model.Daily.UnitsPerDay.Should().BeApproximately(51_840_000, 1);
        model.Daily.BaselineKwh.Should().BeApproximately(5.76, 1e-9);
        model.Daily.RecommendedKwh.Should().BeApproximately(1.44, 1e-9);
    }

    [Fact]
    public void TheReportUsesTheMeasuredThroughputOfATensorParallelTwoBaseline()
    {
        // A TP=2 baseline: 0.4 J/token at 2000 tokens/s measured is 800 W over both GPUs (400 W each). Throughput
        // derived from the per-GPU power would be half the real one, and the energy per day half too.
        var trial = ReportFixture.Trial(1980, 8, 8, 0.4, 800);
        var baseline = trial with
        {
            Metrics = trial.Metrics.SetItem("throughput_tokens_per_s", 2000).SetItem("avg_power_per_gpu_w", 400),
        };

        var model = ReportModel.From(ReportFixture.Result(baseline: baseline), PriceAndCarbon);

        model.BaselineFigures!.UnitsPerSecond.Should().Be(2000);
        model.Daily!.UnitsPerDay.Should().BeApproximately(2000 * 86_400, 1e-3);
        model.Daily.BaselineKwh.Should().BeApproximately(19.2, 1e-9);
        MarkdownReportWriter.Write(model).Should().Contain("The baseline served 2000.0 output tokens/s");
    }

    [Fact]
    public void TheReportSaysWhenTokenCountsWereEstimatedFromChunksBecauseTheServerSentNoUsage()
    {
        var trial = ReportFixture.Trial(1980, 8, 8, 0.4, 800);
        var estimated = trial with { Metrics = trial.Metrics.SetItem("output_tokens_estimated_share", 0.5) };

        var model = ReportModel.From(ReportFixture.Result(baseline: estimated), PriceAndCarbon);

        MarkdownReportWriter.Write(model).Should().Contain("- Tokens: for 50 % of requests the server sent no usage");
        HtmlReportWriter.Write(model).Should().Contain("the server sent no usage");
        MarkdownReportWriter
            .Write(ReportModel.From(ReportFixture.Result(), PriceAndCarbon))
            .Should()
            .NotContain("sent no usage", "every count came from the server's usage");
    }

    [Fact]
    public void WithoutAMeasuredThroughputThereAreNoDailyFiguresRatherThanOnesDerivedFromPower()
    {
        var trial = ReportFixture.Trial(1980, 8, 8, 0.4, 800);
        var baseline = trial with { Metrics = trial.Metrics.Remove("throughput_tokens_per_s") };

        var model = ReportModel.From(ReportFixture.Result(baseline: baseline), PriceAndCarbon);

        model.BaselineFigures!.UnitsPerSecond.Should().BeNull();
        model.Daily.Should().BeNull();
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

        ReportModel.TrialEnergy(traced).Joules.Should().BeApproximately(200 + 600, 1e-9);
        ReportModel.TrialEnergy(untraced).Joules.Should().BeApproximately(400 * 60, 1e-9);
    }

    [Fact]
    public void PowerIsLabelledAsTheSumOverTheServingGpusAndShownPerGpuBesideIt()
    {
        // A TP=2 baseline drawing 800 W over both GPUs, 400 W each: read against a 400 W per-GPU power limit,
        // an unlabelled "power (W)" of 800 would look like twice the limit.
        var trial = ReportFixture.Trial(1980, 8, 8, 0.4, 800);
        var baseline = trial with { Metrics = trial.Metrics.SetItem("avg_power_per_gpu_w", 400) };
        var model = ReportModel.From(ReportFixture.Result(baseline: baseline), PriceAndCarbon);

        var markdown = MarkdownReportWriter.Write(model);
        var html = HtmlReportWriter.Write(model);

        markdown.Should().Contain("| average power, serving GPUs summed (W) | 800.0 | 500.0 |");
        markdown.Should().Contain("| average power per serving GPU (W) | 400.0 | - |");
        markdown.Should().NotContain("average power of the serving GPUs (W)");
        html.Should().Contain(">average power, serving GPUs summed (W)</text>");
        html.Should().NotContain(">power (W)</text>");
    }

    [Theory]
    [InlineData(1 / 7948.6, "0.000126")]
    [InlineData(1 / 7866.3, "0.000127")]
    [InlineData(0.00999, "0.00999")]
    [InlineData(0.0183, "0.0183")]
    [InlineData(0.0667, "0.0667")]
    [InlineData(0.0, "0")]
    [InlineData(-0.00025, "-0.00025")]
    public void SmallNumbersKeepThreeSignificantDigits(double value, string text) =>
        ReportFormat.Number(value).Should().Be(text, "images per joule of two configurations may not both read 0.0001");

    [Theory]
    [InlineData(200.04, 200, "200.04")]
    [InlineData(199.996, 200, "199.996")]
    [InlineData(30.004, 30, "30.004")]
    [InlineData(30_000.4, 30_000, "30,000.4")]
    [InlineData(200, 200, "200.0")]
    [InlineData(65.9565, 200, "65.96")]
    public void AValueReadAgainstItsBoundNeverReadsAsTheBoundWhenItIsNot(double value, double bound, string text) =>
        ReportFormat
            .Against(value, bound)
            .Should()
            .Be(text, "a verdict of missed beside 200.0 against 200.0 reads false");

    [Fact]
    public void ALatencyJustOverItsBoundReadsOverItInTheSummaryAndEveryTableOfTheReport()
    {
        // 30.004 ms against a 30 ms bound: the frontier and the SLO check read "30.00" beside "missed" (and the bound
        // "30.00"), a rounding that flipped the comparison the verdict made.
        var over = ReportFixture.Trial(990, 64, 30.004, 0.09, 450);
        var tight = ReportFixture.Replacing(over);
        var summary = new StringWriter();
        SummaryTextWriter.Write(summary, tight);

        var markdown = MarkdownReportWriter.Write(ReportModel.From(tight));

        summary.ToString().Split('\n').Should().Contain(l => l.Contains(" 30.004 ") && l.TrimEnd().EndsWith("missed"));
        markdown.Should().Contain("| 30.004 | 0.09 | 5000.0 | missed |");
        markdown.Should().NotContain("| 30.00 | 0.09");
    }

    [Fact]
    public void AnInvalidTrialIsCountedAsInvalidNotAsInfeasible()
    {
        // One trial short of samples for its verdict and one out of memory: "Infeasible trials: 2" beside the
        // validity line's "invalid trial (1)", as if the invalid one could not run.
        var result = ReportFixture.Result();
        var invalid = ReportFixture.Trial(1980, 256, 45, 0.07, 650).AsInvalid("the window holds 424 samples");
        var observations = result.Run.Observations.Select(o =>
            o.Configuration.Equals(invalid.Configuration) ? invalid : o
        );

        var markdown = MarkdownReportWriter.Write(
            ReportModel.From(result with { Run = result.Run with { Observations = [.. observations] } })
        );

        markdown.Should().Contain("- Infeasible trials: 1; invalid trials (see Validity): 1\n");
        MarkdownReportWriter.Write(ReportModel.From(result)).Should().Contain("- Infeasible trials: 1\n");
    }

    [Fact]
    public void TheSloCheckSaysARepeatedConfigurationsRequestCountIsAMeanPerTrial()
    {
        // The recommendation ran twice, over 1344 and 1267 requests: 1305.5 is a mean per trial, not a count.
        var trial = ReportFixture.Trial(1410, 64, 24, 0.1, 500);
        Observation Repeat(double requests) =>
            trial with
            {
                Metrics = trial.Metrics.SetItem("requests", requests),
                Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Met),
            };
        var twice = MarkdownReportWriter.Write(
            ReportModel.From(ReportFixture.Replacing(Repeat(1344), Repeat(1267)), PriceAndCarbon)
        );
        var once = MarkdownReportWriter.Write(ReportModel.From(ReportFixture.Replacing(Repeat(1344)), PriceAndCarbon));

        twice.Should().Contain("(MLPerf early stopping over 1305.5 requests per trial, the mean of its 2 trials).");
        once.Should().Contain("(MLPerf early stopping over 1344 requests).");
    }

    [Fact]
    public void ARepeatedConfigurationsFiguresSayTheyAreTheMeanOfItsTrialsCountedAsTheyWereMerged()
    {
        // The recommendation measured twice, once short of samples (which pools as a measurement): its figures are
        // the mean of 2 trials, p99 included, yet nothing said so, and the SLO check counted 1 trial and called
        // the mean 1305.5 a request count ("over 1305.5 requests").
        var result = ReportFixture.Result();
        var trial = ReportFixture.Trial(1410, 64, 24, 0.1, 500) with
        {
            Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Met),
        };
        var valid = trial with { Metrics = trial.Metrics.SetItem("requests", 1344) };
        var shortOfSamples = (trial with { Metrics = trial.Metrics.SetItem("requests", 1267) }).AsInvalid(
            "the window holds 1267 samples"
        ) with
        {
            ShortOfSamples = true,
        };
        var repeated = ReportFixture.Replacing(valid, shortOfSamples);
        var summary = new StringWriter();
        SummaryTextWriter.Write(summary, repeated);

        var markdown = MarkdownReportWriter.Write(ReportModel.From(repeated));

        markdown.Should().Contain("| | baseline | recommended (mean of 2 trials) | change |");
        markdown.Should().Contain("over 1305.5 requests per trial, the mean of its 2 trials).");
        summary.ToString().Should().Contain("output tokens/s, meets the SLO (mean of 2 trials)");
        MarkdownReportWriter.Write(ReportModel.From(result)).Should().Contain("| | baseline | recommended | change |");
    }
}
