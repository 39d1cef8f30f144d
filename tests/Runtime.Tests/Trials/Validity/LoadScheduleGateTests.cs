using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Trials.Validity;

namespace MLEnergy.Runtime.Tests.Trials.Validity;

/// <summary>The load schedule gate: a trial counts only if the load generator sent its requests when they were due.
/// </summary>
public sealed class LoadScheduleGateTests
{
    private static readonly ValidityThresholds Thresholds = ValidityThresholds.Default;
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData(10, 50)] // half of a 100 ms gap is the floor itself
    [InlineData(5, 100)] // half of a 200 ms gap
    [InlineData(1, 500)]
    [InlineData(100, 50)] // half of 10 ms is under the floor
    public void ARequestMayGoOutTheLargerOfFiftyMillisecondsAndHalfAMeanGapLate(double rate, double bound) =>
        SendLateness.BoundFor(rate, Thresholds).Should().Be(TimeSpan.FromMilliseconds(bound));

    [Fact]
    public void ALoadThatStatesNoRateIsHeldToTheFloor() => SendLateness.BoundFor(null, Thresholds).Should().Be(Floor);

    [Fact]
    public void ARequestSentExactlyAtTheBoundIsOnTimeAndOneTickLaterIsLate()
    {
        var lateness = Lateness(Floor, Floor + TimeSpan.FromTicks(1));

        lateness.Due.Should().Be(2);
        lateness.Late.Should().Be(1);
        lateness.LateShare.Should().Be(0.5);
    }

    [Fact]
    public void OneLateRequestInTwentyIsFivePercentAndKeepsTheTrialValid()
    {
        var lateness = Lateness([.. Enumerable.Repeat(TimeSpan.FromMilliseconds(2), 19), TimeSpan.FromSeconds(1)]);

        lateness.LateShare.Should().Be(0.05);
        lateness.FellBehind(Thresholds).Should().BeFalse();
        Check(lateness).Valid.Should().BeTrue(Check(lateness).Reason);
    }

    [Fact]
    public void TwoLateRequestsInThirtyNineAreOverFivePercentAndMakeTheTrialInvalidWithTheFigures()
    {
        var lateness = Lateness([
            .. Enumerable.Repeat(TimeSpan.FromMilliseconds(2), 37),
            TimeSpan.FromMilliseconds(120),
            TimeSpan.FromMilliseconds(320),
        ]);

        lateness.FellBehind(Thresholds).Should().BeTrue();
        var validity = Check(lateness);
        validity
            .Reasons.Should()
            .Equal(
                "the load generator fell behind its schedule: 5.1 % of 39 requests due in the window sent over 50 ms "
                    + "late (p99 320 ms); the client machine may be overloaded"
            );
        validity.ScheduleReasons.Should().Equal(validity.Reasons);
    }

    [Fact]
    public void OnlyTheRequestsDueInsideTheWindowCountAndOneNotYetSentAtItsEndIsLateByItsWait()
    {
        var schedule = new[] { 0.5, 1.5, 2, 3.5, 9 }.Select(TimeSpan.FromSeconds);
        var sends = new[]
        {
            new ScheduledSend(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3)), // due before the window
            new ScheduledSend(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.51)),
            new ScheduledSend(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.3)),
        };

        var lateness = SendLateness.Of(sends, schedule, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), Floor);

        lateness
            .Latenesses.Should()
            .Equal(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1.5));
        lateness.Late.Should().Be(2);
        lateness.P99.Should().Be(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void ASenderStuckThroughTheWholeWindowHasEveryRequestDueInItLate()
    {
        var schedule = new PoissonArrivals(10).DueTimes();

        var lateness = SendLateness.Of([], schedule, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11), Floor);

        lateness.Due.Should().BeInRange(70, 130, "about 10 a second are due over 10 s");
        lateness.FellBehind(Thresholds).Should().BeTrue();
        lateness.LateShare.Should().BeGreaterThan(0.95, "all but those due in the last 50 ms");
    }

    [Fact]
    public void ATrialThatLookedInfeasibleWhileItsLoadWasSentLateIsInvalidAndRecordsTheFigures()
    {
        var lateness = Lateness([TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600)]);
        var evidence = new TrialEvidence(TimeSpan.FromSeconds(30)) { Lateness = lateness };
        var starved = Observation.Infeasible(
            Configuration.Of(("max_num_seqs", "1")),
            "did not keep up with the load: its backlog grew by 40 requests"
        );

        var observation = ValidityRecord.Apply(starved, evidence, Check(lateness));

        observation.Invalid.Should().BeTrue(observation.InfeasibleReason);
        observation
            .InvalidReason.Should()
            .StartWith("the load generator fell behind its schedule: 100 % of 2 requests");
        observation.Metric(MetricNames.SendLateShare).Should().Be(1);
        observation.Metric(MetricNames.SendLatenessP99).Should().Be(600);
    }

    [Fact]
    public void AnOnTimeLoadRecordsItsLatenessOnAValidTrial()
    {
        var lateness = Lateness([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3)]);
        var evidence = new TrialEvidence(TimeSpan.FromSeconds(30)) { Lateness = lateness };
        var measured = new Observation(
            Configuration.Of(("max_num_seqs", "1")),
            ImmutableDictionary<string, double>.Empty
        );

        var observation = ValidityRecord.Apply(measured, evidence, Check(lateness));

        observation.Invalid.Should().BeFalse(observation.InvalidReason);
        observation.Metric(MetricNames.SendLateShare).Should().Be(0);
        observation.Metric(MetricNames.SendLatenessP99).Should().Be(3);
    }

    [Fact]
    public void TheGateIsListedAmongAllGatesAndNotAmongThoseThatReadTheGpus()
    {
        ValidityGates.All.Should().Contain("load schedule");
        ValidityGates.GpuGates.Should().NotContain("load schedule");
    }

    private static SendLateness Lateness(params TimeSpan[] latenesses) => new([.. latenesses], Floor);

    private static TrialValidity Check(SendLateness lateness) =>
        ValidityGates.Check(
            new TrialEvidence(TimeSpan.FromSeconds(30)) { Lateness = lateness },
            Thresholds,
            GpuPowerBounds.Default
        );
}
