using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Results;

public class SummaryTextWriterTests
{
    private static string Summary(TuningResult result, SummaryContext? context = null)
    {
        var output = new StringWriter();
        SummaryTextWriter.Write(output, result, context ?? SummaryContext.None);
        return output.ToString();
    }

    [Fact]
    public void TrialsAndDistinctConfigurationsAreCountedApart()
    {
        var result = ReportFixture.Result();
        var repeated = result.Run with
        {
            Observations = [.. result.Run.Observations, .. result.Run.Observations.Take(3)],
            TrialsMeasured = result.Run.Observations.Count + 3,
        };

        var text = Summary(result with { Run = repeated });

        text.Should().Contain("Trials: 11 over 8 distinct configurations (of 9 in the space;");
        text.Should().NotContain("of 9 configurations");
    }

    [Fact]
    public void TheSummaryTheReportAndItsSloCheckStateTheConfidenceTheRunCertifiedAt()
    {
        var result = ReportFixture.Result();
        var at90 = result with { Slo = result.Slo with { Confidence = new SloConfidence(0.9) } };
        var certified = result.Run.Observations[0] with
        {
            Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add(result.LatencyMetric, SloVerdict.Met),
        };

        Summary(result).Should().Contain($"SLO: {result.Slo} (95 % confidence); objective:");
        Summary(at90).Should().Contain($"SLO: {result.Slo} (90 % confidence); objective:");
        MarkdownReportWriter.Write(ReportModel.From(at90)).Should().Contain($"- SLO: {result.Slo} (90 % confidence)");
        ReportFormat
            .Verdict(SloCheck.Of(certified, result.Slo.Primary, at90.Slo.Confidence))
            .Should()
            .Be("met (90 % confidence)");
    }

    [Fact]
    public void AResumedRunCountsEveryTrialOfTheRunAndSaysHowManyThisSessionMeasured()
    {
        // An earlier session measured 8 trials, this one 3 more: the line said "Trials: 3 over 8 distinct
        // configurations", this session's trials against the whole run's configurations.
        var result = ReportFixture.Result();
        var resumed = result.Run with
        {
            Observations = [.. result.Run.Observations, .. result.Run.Observations.Take(3)],
            TrialsMeasured = 3,
        };

        var text = Summary(result with { Run = resumed });

        // "11 trials over 8 distinct configurations, 3 of them in this session" read as 3 of the 8 configurations.
        text.Should().Contain("Trials: 11 trials (3 in this session) over 8 distinct configurations (of 9 in");
        text.Should().NotContain("of them in this session");
        MarkdownReportWriter
            .Write(ReportModel.From(result with { Run = resumed }))
            .Should()
            .Contain("11 trials (3 in this session) over 8 distinct configurations");
    }

    [Fact]
    public void AResumedRunsServerRestartsSayTheyAreThisSessionsBesideTheRunsTrials()
    {
        // 28 trials of the run, 22 of them in this session, which restarted the server once: the report read
        // "28 trials over 18 distinct configurations, 22 of them in this session ..., 1 server restarts", the whole
        // run's trials beside one session's restarts (the uninterrupted run of the same seed: 6).
        var result = ReportFixture.Result();
        var resumed = result.Run with
        {
            Observations = [.. result.Run.Observations, .. result.Run.Observations.Take(3)],
            TrialsMeasured = 3,
            ServerRestarts = 1,
        };

        var markdown = MarkdownReportWriter.Write(ReportModel.From(result with { Run = resumed }));

        markdown.Should().Contain("configurations (of 9 in the space), 1 server restart in this session;");
        MarkdownReportWriter
            .Write(ReportModel.From(result))
            .Should()
            .Contain("(of 9 in the space), 3 server restarts;");
    }

    [Theory]
    [InlineData(10.0, 1.96, 18.0, "10.0 % (95 % interval 1.96 to 18.0 %)")]
    [InlineData(10.0, 2.04, 18.0, "10.0 % (95 % interval 2.04 to 18.0 %)")]
    [InlineData(25.0029, 22.1427, 27.7582, "25.0 % (95 % interval 22.1 to 27.8 %)")]
    [InlineData(1.96, null, null, "1.96 % (no repeats, so no confidence interval)")]
    [InlineData(
        -3.0,
        -5.1,
        -1.0,
        "none: the recommendation uses 3.0 % more energy than the baseline (95 % interval of the saving -5.1 to -1.0 %)"
    )]
    [InlineData(
        -0.04,
        null,
        null,
        "none: the recommendation uses 0.04 % more energy than the baseline (no repeats, so no confidence interval)"
    )]
    public void ASavingComparedWithTheThresholdNeverReadsAsTheThresholdWhenItIsNot(
        double percent,
        double? low,
        double? high,
        string text
    )
    {
        // The decision keeps the current configuration when the interval's low end is under --min-saving (2 %): a
        // low end of 1.96 read "2.0" beside "does not clear the 2 % threshold".
        var savings = new MLEnergy.Recommender.Selection.Savings(
            percent,
            MLEnergy.Units.Energy.FromJoules(0.01),
            "J/token"
        )
        {
            LowPercent = low,
            HighPercent = high,
        };

        DecisionText.SavingsText(savings, 2).Should().Be(text);
    }

    [Fact]
    public void TheSummarySaysWhenTokenCountsWereCountedFromChunksBecauseTheServerSentNoUsage()
    {
        var trial = ReportFixture.Trial(1980, 8, 8, 0.4, 800);
        var estimated = trial with { Metrics = trial.Metrics.SetItem("output_tokens_estimated_share", 0.5) };

        var text = Summary(ReportFixture.Result(baseline: estimated));

        text.Should().Contain("Tokens: for 50 % of requests the server sent no usage");
        Summary(ReportFixture.Result()).Should().NotContain("sent no usage");
    }

    [Fact]
    public void TheSummarySaysWhichConfigurationCouldNotCarryTheLoadAndWhy()
    {
        // The cheapest trial of the fixture, measured under a rate-driven load with its batch slots 99 % occupied.
        var result = ReportFixture.Result();
        var full = ReportFixture.Trial(990, 64, 34, 0.09, 450);
        var loaded = ReportFixture.UnderRate(full, 0.99);
        var observations = result.Run.Observations.Select(o => o.Configuration.Equals(full.Configuration) ? loaded : o);

        var text = Summary(result with { Run = result.Run with { Observations = [.. observations] } })
            .Replace(Environment.NewLine + "  ", " ", StringComparison.Ordinal);

        text.Should()
            .Contain(
                "Load: 1 measured configuration could not carry it; the least energy of them, sm_clock_cap_mhz=990 "
                    + "max_num_seqs=64: cannot carry the load: batch slots 99 % occupied over 180 arrivals "
                    + "(1 trial), up to 116 % within the arrivals' noise: no spare capacity"
            );
        Summary(result).Should().NotContain("could not carry it");
    }

    [Fact]
    public void ABaselineOutsideAPinnedKnobIsDescribedWithItsOwnValue()
    {
        // Seen on `optimize --load poisson:4.6 --set max_num_seqs=32 ...`: "Fixed: ... max_num_seqs=32", then
        // "Baseline: sm_clock_cap_mhz=1980" and a frontier row "sm_clock_cap_mhz=1980 ... met <- recommended" for the
        // baseline's max_num_seqs=256, while max_num_seqs=32 at 1980 MHz could not keep up with the load.
        var fixture = ReportFixture.Result();
        var space = fixture.Space.Restrict("max_num_seqs", [KnobValue.Of(64)]);
        var trials = fixture.Run.Observations.Where(o =>
            o.Configuration["max_num_seqs"].Equals(KnobValue.Of(64)) || o.Configuration.Equals(space.Baseline)
        );
        var run = fixture.Run with { Observations = [.. trials] };
        var result = TuningResult.From(space, fixture.Slo, "sim", run, fixture.StartedAt, fixture.FinishedAt);

        var text = Summary(result);

        text.Should().Contain("Fixed: max_num_seqs=64 quantization=none");
        text.Should().Contain("Baseline: sm_clock_cap_mhz=1980 max_num_seqs=8" + Environment.NewLine);
        text.Should().Contain("Recommendation: sm_clock_cap_mhz=1410 max_num_seqs=64 quantization=none");
        text.Should().MatchRegex(@"sm_clock_cap_mhz=1410 max_num_seqs=64\s+24\.00");
    }

    [Fact]
    public void AWorkerOfAStudySaysWhichTrialsWereItsOwn()
    {
        var result = ReportFixture.Result();
        var shared = result.Run with { TrialsMeasured = 3, Shared = true };

        var text = Summary(result with { Run = shared });

        text.Should().Contain("Trials: this host measured 3 of the study's 8 trials over 8 distinct configurations");
    }

    [Fact]
    public void TheFrontierShowsThroughput()
    {
        var text = Summary(ReportFixture.Result());

        text.Should().Contain("output tokens/s");
        text.Should()
            .MatchRegex(@"configuration\s+itl_p50_ms\s+J/token\s+output tokens/s\s+SLO", "which latency the column is");
        // clock 1410, batch 64: 500 W at 0.1 J/token is 5000 tokens/s.
        text.Should().MatchRegex(@"sm_clock_cap_mhz=1410 max_num_seqs=64\s+24\.00\s+0\.1\s+5000\.0");
    }

    [Fact]
    public void ConfigurationsThatDifferOnlyInAKnobThatDidNotBindAreOneRowWithTheRange()
    {
        var space = new SearchSpace
        {
            Name = "power",
            Target = "sim",
            Knobs =
            [
                new Knob(
                    "power_limit_w",
                    KnobKind.GpuPowerLimit,
                    [.. new[] { 400, 500, 600, 700 }.Select(v => KnobValue.Of(v))],
                    RestartsServer: false
                ),
                new Knob("max_num_seqs", KnobKind.ServerBatchSize, [KnobValue.Of(8), KnobValue.Of(64)], true),
            ],
        };
        Observation At(int watts, int batch, double itl, double energy) =>
            new(
                Configuration.Of(("power_limit_w", $"{watts}"), ("max_num_seqs", $"{batch}")),
                ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", itl).Add("energy_per_token_j", energy)
            );
        var trials = new List<Observation>
        {
            At(400, 64, 20, 0.1),
            At(500, 64, 20, 0.1),
            At(600, 64, 20.02, 0.1001),
            At(700, 64, 20, 0.1),
            At(700, 8, 8, 0.4),
        };
        var run = new TuningRun(trials, 5, 8, "grid", "done", 0);
        var slo = SloParser.ParseAll(["p50 itl<=30ms"]);
        var result = TuningResult.From(space, slo, "sim", run, ReportFixture.Started, ReportFixture.Started);

        var text = Summary(result);

        text.Should().Contain("power_limit_w=400..700 max_num_seqs=64");
        text.Should().NotContain("power_limit_w=500 max_num_seqs=64");
        text.Should().Contain("power_limit_w=700 max_num_seqs=8");
    }

    [Fact]
    public void NextStepsNameTheRealRunIdNeverTheWordRun()
    {
        var text = Summary(ReportFixture.Result(), new SummaryContext("20250304-050607-h100-vllm", true));

        text.Should().Contain("mlenergy apply 20250304-050607-h100-vllm --print");
        text.Should().Contain("mlenergy restore");
        text.Should().NotContain("apply RUN");
    }

    [Fact]
    public void ASimulatedRunOffersNoApplyOnlyWhatARealHostWouldRun()
    {
        var text = Summary(ReportFixture.Result(), new SummaryContext("20250304-050607-h100-vllm", false));

        text.Should().Contain("nothing to apply here");
        text.Should().NotContain("mlenergy apply 20250304-050607-h100-vllm   ");
        text.Should().NotContain("mlenergy restore");
    }

    [Fact]
    public void EveryLineFitsAHundredColumns()
    {
        var result = ReportFixture.Result() with
        {
            TargetDescription = "simulated host: " + string.Join(" ", Enumerable.Repeat("H100 SXM 80GB", 20)),
        };

        var lines = Summary(result, new SummaryContext("20250304-050607-h100-vllm-with-a-long-name", true)).Split('\n');

        lines.Should().OnlyContain(line => line.TrimEnd('\r').Length <= 100);
    }

    [Fact]
    public void TheDecisionIsWordedWithTheSavingsInterval()
    {
        var result = ReportFixture.Result();
        var repeated = result.Run with
        {
            Observations =
            [
                .. result.Run.Observations,
                ReportFixture.Trial(1980, 8, 8, 0.404, 400),
                ReportFixture.Trial(1980, 256, 45, 0.0707, 650),
            ],
        };

        var text = Summary(
            TuningResult.From(result.Space, result.Slo, "sim", repeated, result.StartedAt, result.FinishedAt)
        );

        text.Should()
            .MatchRegex(@"Decision: Change to the recommendation: against the baseline it saves 7\d\.\d % \(95 % ");
    }

    [Fact]
    public void WhenNoConfigurationCarriesTheLoadTheSummarySaysSoNotThatNoneCouldRun()
    {
        // Seen on `optimize --slo 200ms --workload gpqa --load poisson:3`: every configuration ran and fell behind the
        // offered rate, and the summary said "none of the 5 measured could run", "No configuration could run:" and
        // "Baseline: ... could not run: cannot keep up: ...".
        var result = ReportFixture.Result();
        const string Reason =
            "cannot keep up: served 0.37 req/s of 2.91 offered; queue grew by 761 requests in the window";
        Observation[] trials =
        [
            Observation.Infeasible(ReportFixture.Config(1980, 8), Reason),
            Observation.Infeasible(ReportFixture.Config(990, 64), Reason),
        ];
        var run = new TuningRun(trials, 2, 9, "grid", "done", 0);

        var text = Summary(TuningResult.From(result.Space, result.Slo, "sim", run, result.StartedAt, result.FinishedAt))
            .Replace(Environment.NewLine + "    ", " ", StringComparison.Ordinal);

        text.Should().Contain("none of the 2 measured could carry the load; the reasons follow.");
        text.Should().Contain("No configuration could carry the load:" + Environment.NewLine);
        text.Should().Contain("  could not carry the load: cannot keep up: served 0.37 req/s");
        text.Should().NotContain("could run").And.NotContain("could not run");
    }

    [Fact]
    public void WhenEveryTrialIsInfeasibleTheReasonsAreGrouped()
    {
        var result = ReportFixture.Result();
        var clocks = new[] { 990, 1410, 1980 };
        Observation[] trials =
        [
            .. clocks.Select(c =>
                Observation.Infeasible(ReportFixture.Config(c, 8), "clock outside the GPU's range (V100: 135-1530 MHz)")
            ),
            Observation.Infeasible(ReportFixture.Config(990, 64), "out of memory"),
        ];
        var run = new TuningRun(trials, 4, 9, "grid", "done", 0);

        var text = Summary(
            TuningResult.From(result.Space, result.Slo, "sim", run, result.StartedAt, result.FinishedAt)
        );

        text.Should().Contain("none of the 4 measured could run");
        text.Should().Contain("  3 configurations: clock outside the GPU's range (V100: 135-1530 MHz)");
        text.Should().Contain("  1 configuration: out of memory");
    }

    [Fact]
    public void TheTerminalWritesEachNumberAsReportMdDoes()
    {
        // One value, one text: 0.09 J/token and 12,345.6 tokens/s read "0.09" and "12,346" in report.md, so the
        // summary may not say "0.0900" and "12345.6".
        var trial = ReportFixture.Trial(1980, 8, 8, 0.09, 400);
        var baseline = trial with { Metrics = trial.Metrics.SetItem("throughput_tokens_per_s", 12_345.6) };
        var result = ReportFixture.Result(baseline: baseline);

        var text = Summary(result);
        var markdown = MarkdownReportWriter.Write(ReportModel.From(result, new ReportOptions()));

        text.Should().Contain("  itl_p50_ms 8.00 ms, 0.09 J/token, 12,346 output tokens/s, meets the SLO");
        markdown.Should().Contain("| energy_per_token_j (J/token) | 0.09 |");
        markdown.Should().Contain("| output tokens/s (measured) | 12,346 |");
    }

    [Fact]
    public void AFrontierConfigurationWhoseVerdictIsUndecidedReadsUndecidedNotMissedInEveryTable()
    {
        // 25 ms against a 30 ms bound, with too few samples for a verdict: the frontier said "missed" beside 25 ms
        // (summary and report.md alike) while result.json's trial verdict said "undecided".
        var short_ = ReportFixture.Trial(1980, 256, 25, 0.07, 650) with
        {
            Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Undecided),
        };
        var undecided = ReportFixture.Replacing(short_);

        var text = Summary(undecided);
        var markdown = MarkdownReportWriter.Write(ReportModel.From(undecided));

        text.Split('\n').Should().Contain(l => l.Contains("25.00") && l.TrimEnd().EndsWith("undecided"));
        markdown.Should().Contain("| 25.00 | 0.07 | 9285.7 | undecided |");
        text.Should().NotContain(" missed");
        HtmlReportWriter
            .Write(ReportModel.From(undecided))
            .Should()
            .Contain("max_num_seqs=256: itl_p50_ms 25.00 ms, 0.07 J/token (undecided)</title>")
            .And.Contain("0.07 J/token (undecided on the SLO)</title>");
    }
}
