using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Observations;

/// <summary>A trial a validity gate failed: neither a result nor an SLO miss, and said so where trials are read.
/// </summary>
public sealed class InvalidTrialTests
{
    private const string Reason = "gpu0 power limit not in force: requested 300 W, enforced 350 W (measured 2 times)";

    private static readonly Observation Invalid = ReportFixture.Trial(990, 256, 10, 0.05, 300).AsInvalid(Reason);

    [Fact]
    public void AnInvalidTrialIsUndecidedAndNotFeasibleButKeepsWhatItMeasured()
    {
        var slo = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Itl, Statistic.P50, 30)]);

        SloJudge.Judge(Invalid, slo.Primary).Should().Be(SloVerdict.Undecided, "10 ms is under 30 ms, yet not a pass");
        SloJudge.Meets(Invalid, slo).Should().BeFalse();
        Invalid.Feasible.Should().BeFalse();
        Invalid.InfeasibleReason.Should().Be("invalid trial: " + Reason);
        Invalid.Metric(MetricNames.EnergyPerToken).Should().Be(0.05);
    }

    [Fact]
    public void TheLeastEnergyTrialIsNotRecommendedWhenInvalidAndResultJsonSummaryAndReportSayWhy()
    {
        var baseline = ReportFixture.Result();
        var observations = baseline.Run.Observations.Append(Invalid with { GatesSkipped = ["temperature"] }).ToList();
        var result = TuningResult.From(
            baseline.Space,
            baseline.Slo,
            "simulated H100 host",
            baseline.Run with
            {
                Observations = observations,
            },
            ReportFixture.Started,
            ReportFixture.Started.AddMinutes(9)
        );

        var read = ResultJsonReader.Read(ResultJsonWriter.Write(result));

        result.Selection.Recommended!.Metric(MetricNames.EnergyPerToken).Should().Be(0.1);
        read.Run.Observations[^1].InvalidReason.Should().Be(Reason);
        read.Run.Observations[^1].GatesSkipped.Should().Equal("temperature");
        ValidityText
            .Lines(result)
            .Should()
            .Equal($"invalid trial (1): {Reason}", "validity gates not checked on this target: temperature");
    }

    [Fact]
    public void AConfigurationWithAValidTrialBesideAnInvalidOneIsJudgedOnTheValidOne()
    {
        var valid = ReportFixture.Trial(990, 256, 12, 0.06, 310);

        var merged = RepeatedTrials.Merge([Invalid, valid]).Single();

        merged.Invalid.Should().BeFalse();
        merged.Feasible.Should().BeTrue();
        merged.Metric(MetricNames.EnergyPerToken).Should().Be(0.06);
        merged.HostTime.Should().Be(TimeSpan.FromSeconds(120), "both trials took host time");
    }
}
