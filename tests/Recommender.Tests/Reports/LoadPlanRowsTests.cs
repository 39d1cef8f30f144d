using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Reports.Plots;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class LoadPlanRowsTests
{
    [Fact]
    public void ABaselineThatCannotKeepUpAtALevelIsNotComparedThereNorAveraged()
    {
        // At 12 req/s the baseline served 10.6 of 12 and its queue grew by 84: its 0.09 J/token is the energy of a
        // lighter load, so neither that level's cell nor the mean over levels may quote it.
        var evaluation = Evaluation(
            Level(4, Trial(0.20), Trial(0.15)),
            Level(12, Trial(0.09, offered: 720, growth: 84), Trial(0.08))
        );

        var rows = LoadPlanRows.Comparison(evaluation).ToList();

        rows[0][1].Should().Be("0.2");
        rows[1][1].Should().Be("cannot keep up");
        rows[2][1].Should().Be("-");
        rows[2][3].Should().Be("0.115");
        var plot = LoadPlanPlot.Render(evaluation);
        plot.Should().Contain("baseline at 4.00 requests/s");
        plot.Should().NotContain("baseline at 12.00 requests/s");
    }

    [Fact]
    public void ABaselineWithNoSpareBatchSlotsAtALevelSaysItCannotCarryTheLoadNotThatItCouldNotRun()
    {
        // Its trials kept up one by one, but together their batch slots were full (KeepUpRule.CapacityProblem, applied
        // when repeats merge): the cell said "could not run", for a configuration that ran.
        var full = Trial(0.09) with
        {
            Metrics = Trial(0.09).Metrics.Add("batch_occupancy", 0.99),
        };
        var merged = MLEnergy.Recommender.Search.RepeatedTrials.Merge([full, full]).Single();

        var rows = LoadPlanRows.Comparison(
            Evaluation(Level(4, Trial(0.20), Trial(0.15)), Level(12, merged, Trial(0.08)))
        );

        merged.Feasible.Should().BeFalse();
        rows.ToList()[1][1].Should().Be("cannot carry the load");
    }

    [Fact]
    public void EveryColumnOfThePlanTablesSaysItsUnit()
    {
        // The comparison's columns read "baseline energy_per_token_j" and the band table's "tuned at" gave no unit.
        var evaluation = Evaluation(Level(4, Trial(0.20), Trial(0.15)));

        LoadPlanRows
            .ComparisonHeader(evaluation)
            .Should()
            .Equal(
                "rate (requests/s)",
                "baseline energy_per_token_j (J/token)",
                "best static energy_per_token_j (J/token)",
                "plan energy_per_token_j (J/token)",
                "plan vs best static"
            );
        LoadPlanRows.BandHeader(evaluation)[1].Should().Be("tuned at (requests/s)");
        LoadPlanRows.BandHeader(evaluation)[4].Should().Be("J/token");
    }

    [Theory]
    [InlineData(null)] // a plan written before the top band named its end
    [InlineData(8.0)]
    public void TheTopBandEndsAtTheTopLevelAndTheRatesAboveItAreSaidNotMeasured(double? topEnd)
    {
        // Before, the top band read "above 4": tuned at 8 req/s, it claimed 30 req/s as well.
        var bands = new[]
        {
            new LoadBand(
                0,
                4,
                4,
                Configuration.Of(("max_num_seqs", "256")),
                900,
                300,
                0.2,
                40,
                900,
                300,
                SloVerdict.Met
            ),
            new LoadBand(
                4,
                topEnd,
                8,
                Configuration.Of(("max_num_seqs", "256")),
                null,
                500,
                0.1,
                45,
                1800,
                500,
                SloVerdict.Met
            ),
        };
        var evaluation = Evaluation(Level(4, Trial(0.20), Trial(0.15))) with
        {
            Plan = new LoadPlan(
                "p90 tpot<=100ms",
                "tpot_p90_ms",
                100,
                Configuration.Of(("max_num_seqs", "256")),
                bands
            ),
        };

        var rows = LoadPlanRows.Bands(evaluation).ToList();

        rows.Select(r => r[0]).Should().Equal("0 - 4.00", "4.00 - 8.00", "above 8.00");
        // A band's clock cap and power limit read as the knobs' values do in its configuration; they read 900.0 MHz.
        rows[0][2..4].Should().Equal("900", "300");
        rows[1][2..4].Should().Equal("default", "500");
        rows[2][1..^1].Should().OnlyContain(cell => cell == "-");
        rows[2][^1].Should().Be("not measured (govern keeps the top band)");
        evaluation.Plan.BandFor(30).Should().Be(bands[1]);
        evaluation.Plan.IsAboveTopLevel(30).Should().BeTrue();
        evaluation.Plan.IsAboveTopLevel(8).Should().BeFalse();
    }

    [Fact]
    public void ABaselineThatKeepsUpAtEveryLevelIsAveraged() =>
        LoadPlanRows
            .Comparison(Evaluation(Level(4, Trial(0.20), Trial(0.15)), Level(12, Trial(0.10), Trial(0.08))))
            .Last()[1]
            .Should()
            .Be("0.15");

    private static LoadPlanEvaluation Evaluation(params LevelComparison[] levels) =>
        new(
            new LoadPlan("p90 tpot<=100ms", "tpot_p90_ms", 100, Configuration.Of(("max_num_seqs", "256")), []),
            "energy_per_token_j",
            null,
            [.. levels]
        );

    private static LevelComparison Level(double rate, Observation baseline, Observation planned) =>
        new(rate, baseline, null, planned, PlannedVerdict: SloVerdict.Met);

    private static Observation Trial(double joulesPerToken, int offered = 240, int growth = 0)
    {
        var observation = new Observation(
            Configuration.Of(("max_num_seqs", "256")),
            ImmutableDictionary<string, double>
                .Empty.Add("energy_per_token_j", joulesPerToken)
                .Add("tpot_p90_ms", 20)
                .Add("offered_requests", offered)
                .Add("backlog_growth", growth)
                .Add("offered_requests_per_s", offered / 60.0)
        );
        return KeepUpRule.Judge(observation);
    }
}
