using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Plans;

public sealed class LoadPlanVerdictTests
{
    private static readonly ServiceLevelObjective Slo = new([new SloConstraint(LatencyMetric.Itl, Statistic.P50, 5)]);

    private static readonly Configuration ServerKnobs = Configuration.Of(
        ("max_num_seqs", "8"),
        ("quantization", "none")
    );

    /// <summary>
    /// Two levels where nothing meets a 5 ms p50 ITL: at 2 req/s the closest configuration (8 ms) saw too few requests
    /// for its verdict to be more than undecided; at 4 req/s the same figures missed.
    /// </summary>
    private static LoadPlanEvaluation Evaluation()
    {
        var undecided = ReportFixture.Trial(1980, 8, 8, 0.4, 400) with
        {
            Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Undecided),
        };
        return LoadPlanBuilder.Build(
            "p50 itl<=5ms",
            Slo,
            ServerKnobs,
            [new LevelResult(2, ReportFixture.Result(5, undecided)), new LevelResult(4, ReportFixture.Result(5))]
        );
    }

    [Fact]
    public void ABandWhoseVerdictWasUndecidedReadsUndecidedNotMissed()
    {
        // Before, both bands read "missed": the plan kept a bool, and an undecided verdict is no miss.
        var evaluation = Evaluation();

        var bands = LoadPlanRows.Bands(evaluation).ToList();
        var energy = LoadPlanRows.Comparison(evaluation).ToList();

        evaluation.Plan.Bands.Select(b => b.Verdict).Should().Equal(SloVerdict.Undecided, SloVerdict.Missed);
        bands[0][^1].Should().Be("undecided");
        bands[1][^1].Should().Be("missed");
        energy[0][3].Should().Be("0.4 (undecided)");
        energy[1][3].Should().Be("0.4 (missed)");
        LoadPlanRows
            .Facts(evaluation)
            .Should()
            .Contain(
                "At 2.00 requests/s that configuration's verdict is undecided: too few requests were seen to tell "
                    + "whether it met the SLO or missed it."
            );
    }

    [Fact]
    public void APlanKeepsItsBandsVerdictsThroughPlanJson() =>
        LoadPlanJson
            .Read(LoadPlanJson.Write(Evaluation().Plan))
            .Bands.Select(b => b.Verdict)
            .Should()
            .Equal(SloVerdict.Undecided, SloVerdict.Missed);
}
