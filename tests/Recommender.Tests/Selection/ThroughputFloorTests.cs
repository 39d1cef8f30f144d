using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Selection;

public class ThroughputFloorTests
{
    private static readonly ServiceLevelObjective Slo = SloParser.ParseAll(["p50 itl<=30ms"]);

    private static readonly Observation Baseline = Trial(256, 20, 0.085, 7490);

    // Cheaper but 12 % slower, the least energy of all; and a capacity-neutral one in between.
    private static readonly Observation Slower = Trial(512, 28, 0.050, 6570);
    private static readonly Observation Neutral = Trial(384, 25, 0.0526, 7564);

    [Theory]
    [InlineData("1200", 1200.0, null)]
    [InlineData("1200tok/s", 1200.0, null)]
    [InlineData(" 1500 tokens/s", 1500.0, null)]
    [InlineData("90%", null, 90.0)]
    [InlineData("100%", null, 100.0)]
    public void ParsesTokensPerSecondAndPercentagesOfTheBaseline(string text, double? units, double? percent)
    {
        var floor = ThroughputFloor.Parse(text);

        floor.UnitsPerSecond.Should().Be(units);
        floor.PercentOfBaseline.Should().Be(percent);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0%")]
    [InlineData("0tok/s")]
    public void ZeroAllowsAnyThroughput(string text) => ThroughputFloor.Parse(text).IsAny.Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-5")]
    [InlineData("90 %%")]
    [InlineData("NaN")]
    [InlineData("2000%")]
    [InlineData("12req/s")]
    public void RefusesAnythingElseNamingTheForms(string text)
    {
        var parse = () => ThroughputFloor.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage("--min-throughput*tokens/s*percentage*0 for any*");
    }

    [Fact]
    public void TheBaselineFloorKeepsTheRecommendationCapacityNeutral()
    {
        var outcome = Select(ThroughputFloor.Baseline);

        outcome.Recommended!.Configuration.Should().Be(Neutral.Configuration);
        outcome.Capacity!.FloorUnitsPerSecond.Should().Be(7490);
        outcome.Capacity.RecommendedUnitsPerSecond.Should().Be(7564);
        outcome.Capacity.BelowFloor.Should().Be(1, "the slower configuration meets the SLO but serves less");
        outcome
            .Capacity.Sentence()
            .Should()
            .StartWith("Capacity: capacity-neutral")
            .And.Contain("7490.0 output tokens/s");
    }

    [Fact]
    public void RatesReadAsTheSummaryAndTheReportWriteThem()
    {
        // The summary's Recommendation line and report.md write 8240 tokens/s as "8240.0" and 12,345.6 as
        // "12,346"; the capacity line beside them may not say "8240" and "12345.6".
        var check = new CapacityCheck(
            ThroughputFloor.Baseline,
            "throughput_tokens_per_s",
            "tokens/s",
            12_345.6,
            12_345.6,
            8240
        );

        check
            .Sentence()
            .Should()
            .Be(
                "Capacity: capacity-neutral; the recommendation serves 8240.0 tokens/s, 66.7 % of the baseline's "
                    + "12,346 tokens/s (--min-throughput asks for at least 12,346 tokens/s, the baseline's own, by "
                    + "default)."
            );
    }

    [Fact]
    public void RatesUnderOnePerSecondKeepThreeSignificantDigits()
    {
        var check = new CapacityCheck(
            ThroughputFloor.Baseline,
            "throughput_videos_per_s",
            "videos/s",
            0.0126,
            0.0126,
            0.0183
        );

        check.Sentence().Should().Contain("serves 0.0183 videos/s, 145.2 % of the baseline's 0.0126 videos/s");
    }

    [Fact]
    public void ZeroAllowsTheSlowerCheaperConfiguration()
    {
        var outcome = Select(ThroughputFloor.Any);

        outcome.Recommended!.Configuration.Should().Be(Slower.Configuration);
        outcome.Capacity!.PercentOfBaseline.Should().BeApproximately(100.0 * 6570 / 7490, 1e-9);
        outcome.Capacity.Sentence().Should().Contain("--min-throughput 0").And.Contain("87.7 %");
    }

    [Fact]
    public void APercentageOfTheBaselineLowersTheFloorByThatShare()
    {
        // 85 % of 7490 = 6366.5 tokens/s: the slower configuration (6570) now qualifies.
        var outcome = Select(ThroughputFloor.Parse("85%"));

        outcome.Recommended!.Configuration.Should().Be(Slower.Configuration);
        outcome.Capacity!.FloorUnitsPerSecond.Should().BeApproximately(6366.5, 1e-9);
        outcome.Capacity.Sentence().Should().Contain("--min-throughput 85% asked for at least 6366.5 output tokens/s");
    }

    [Fact]
    public void AFloorAboveEveryConfigurationMeansNoneIsRecommendedAndTheDecisionSaysWhy()
    {
        var outcome = Select(ThroughputFloor.OfUnits(9000));

        outcome.Recommended.Should().BeNull();
        outcome.Decision.Should().Be(Decision.NoConfigurationMeetsSlo);
        outcome.Capacity!.BelowFloor.Should().Be(3);
    }

    [Fact]
    public void WithoutAMeasuredBaselineAShareOfItCannotApplyAndTheCheckSaysSo()
    {
        var outcome = RecommendationSelector.Select(
            [Slower, Neutral],
            Slo,
            ObjectiveKind.EnergyPerToken,
            Baseline.Configuration,
            minimumThroughput: ThroughputFloor.Baseline
        );

        outcome.Recommended!.Configuration.Should().Be(Slower.Configuration);
        outcome.Capacity!.FloorUnitsPerSecond.Should().BeNull();
        outcome.Capacity.NotApplied.Should().Be("the baseline was not measured, so its throughput is unknown");
        outcome.Capacity.Sentence().Should().StartWith("Capacity: no throughput floor applied (the baseline was not");
    }

    [Fact]
    public void UnderARateDrivenLoadNoFloorAppliesBecauseEveryFeasibleConfigurationKeptUp()
    {
        var outcome = Select(ThroughputFloor.Baseline with { RateDriven = true });

        outcome.Recommended!.Configuration.Should().Be(Slower.Configuration);
        outcome.Capacity!.Sentence().Should().Contain("kept up with it");
    }

    private static RecommendationOutcome Select(ThroughputFloor floor) =>
        RecommendationSelector.Select(
            [Baseline, Slower, Neutral],
            Slo,
            ObjectiveKind.EnergyPerToken,
            Baseline.Configuration,
            minimumThroughput: floor
        );

    private static Observation Trial(int batch, double itlMs, double joulesPerToken, double tokensPerSecond) =>
        new(
            Configuration.Of(("max_num_seqs", batch.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", itlMs)
                .Add("energy_per_token_j", joulesPerToken)
                .Add("throughput_tokens_per_s", tokensPerSecond)
                .Add("requests", 1000)
        );
}
