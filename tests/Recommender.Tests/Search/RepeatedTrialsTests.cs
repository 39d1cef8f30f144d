using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class RepeatedTrialsTests
{
    private static readonly Configuration A = Configuration.Of(("max_num_seqs", "64"));
    private static readonly Configuration B = Configuration.Of(("max_num_seqs", "128"));

    private static Observation Trial(
        Configuration c,
        double itl,
        double energy,
        TrialFidelity fidelity = TrialFidelity.Full
    ) =>
        new(c, ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", itl).Add("energy_per_token_j", energy))
        {
            Fidelity = fidelity,
        };

    private static Observation RateTrial(double growth) =>
        Trial(A, 10, 1.0) with
        {
            Metrics = Trial(A, 10, 1.0)
                .Metrics.Add(MetricNames.OfferedRate, 3)
                .Add(MetricNames.OfferedRequests, 180)
                .Add(MetricNames.BacklogGrowth, growth),
        };

    [Fact]
    public void RepeatsThatEachKeptUpButTogetherFellBehindCannotKeepUp()
    {
        // 180 arrivals a trial may grow the queue by 2.326 x sqrt(180) = 31 each; four trials growing by 25 (serving
        // 86 % of the rate) are 100 of 720 arrivals against 2.326 x sqrt(720) = 62 for the four together.
        var trials = Enumerable.Range(0, 4).Select(_ => RateTrial(25)).ToList();
        trials.Should().OnlyContain(t => KeepUpRule.Problem(t) == null, "each trial alone is within its noise");

        var merged = RepeatedTrials.Merge(trials).Single();

        merged.Feasible.Should().BeFalse();
        merged.InfeasibleReason.Should().Contain("queue grew by 100 requests over 4 trials");
    }

    [Fact]
    public void RepeatsThatKeptUpWithTheirBatchSlotsFullCannotCarryTheLoad()
    {
        // Four trials whose queue grew by 5 of 180 each (20 of 720 together, within 62) with 96 % of the batch
        // slots occupied: 0.96 x (1 + 2.326/sqrt(720)) = 1.04, no spare capacity.
        var trials = Enumerable.Range(0, 4).Select(_ => Occupied(RateTrial(5), 0.96)).ToList();

        var merged = RepeatedTrials.Merge(trials).Single();

        merged.Feasible.Should().BeFalse();
        merged.InfeasibleReason.Should().StartWith("cannot carry the load: batch slots 96 % occupied");
    }

    [Fact]
    public void OneTrialWithItsBatchSlotsFullCannotCarryTheLoadAndOneWithRoomCan()
    {
        RepeatedTrials.Merge([Occupied(RateTrial(5), 0.99)]).Single().Feasible.Should().BeFalse();
        RepeatedTrials.Merge([Occupied(RateTrial(5), 0.6)]).Single().Feasible.Should().BeTrue();
    }

    private static Observation Occupied(Observation trial, double occupancy) =>
        trial with
        {
            Metrics = trial.Metrics.Add(MetricNames.BatchOccupancy, occupancy),
        };

    [Fact]
    public void RepeatsWhoseQueueMovesBothWaysKeepUp()
    {
        var merged = RepeatedTrials.Merge([RateTrial(25), RateTrial(-20), RateTrial(25), RateTrial(-15)]).Single();

        merged.Feasible.Should().BeTrue(merged.InfeasibleReason);
    }

    [Fact]
    public void FullTrialsAreAveragedAndScreeningTrialsSetAside()
    {
        var merged = RepeatedTrials.Merge([
            Trial(A, 10, 1.0),
            Trial(A, 12, 1.2),
            Trial(A, 30, 3.0, TrialFidelity.Screening),
        ]);

        merged.Should().ContainSingle();
        merged[0].Metric("itl_p50_ms").Should().BeApproximately(11, 1e-9);
        merged[0].Metric("energy_per_token_j").Should().BeApproximately(1.1, 1e-9);
    }

    [Fact]
    public void APassTooCloseToTheBoundForTheNoiseSeenIsUndecided()
    {
        // A's repeats differ by about 3.5 %, so B's single trial 1 % under the bound cannot be trusted.
        var trials = new[] { Trial(A, 10, 1.0), Trial(A, 10.5, 1.0), Trial(A, 9.8, 1.0), Trial(B, 29.7, 0.5) };

        var merged = RepeatedTrials.Merge(trials, Slos.ItlMedian(30));

        merged.Single(o => o.Configuration.Equals(B)).Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Undecided);
        merged.Single(o => o.Configuration.Equals(A)).Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Met);
    }

    [Fact]
    public void IdenticalRepeatsLeaveThePlainComparison()
    {
        var merged = RepeatedTrials.Merge(
            [Trial(A, 10, 1.0), Trial(A, 10, 1.0), Trial(B, 29.9, 0.5)],
            Slos.ItlMedian(30)
        );

        merged.Should().OnlyContain(o => o.Verdicts.IsEmpty);
        merged.Where(o => SloJudge.Meets(o, Slos.ItlMedian(30))).Should().HaveCount(2);
    }

    [Fact]
    public void ASpreadSeenInOnlyOneRepeatWidensTheMarginByStudentsT()
    {
        // A's two trials give a spread of about 3 % with one degree of freedom: the normal quantile would call
        // B (8 % under the bound) met, Student's t (6.3 instead of 1.6) leaves it undecided.
        var trials = new[] { Trial(A, 9.0, 1.0), Trial(A, 9.4, 1.0), Trial(B, 27.6, 0.5) };

        var merged = RepeatedTrials.Merge(trials, Slos.ItlMedian(30));

        merged.Single(o => o.Configuration.Equals(B)).Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Undecided);
    }

    [Fact]
    public void APassThatOnlyNinetyFivePercentConfidenceWouldAcceptIsUndecided()
    {
        // Thirteen degrees of freedom with a spread near 1.7 %: B's four trials 2 % under the bound pass the
        // one-sided 95 % test (margin 1.5 %) but not the 99 % one (margin 2.3 %) that a recommendation needs.
        var a = new[] { 10.0, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8 };
        var trials = a.Select(v => Trial(A, v, 1.0))
            .Concat(Enumerable.Repeat(29.4, 4).Select(v => Trial(B, v, 0.5)))
            .ToArray();

        var merged = RepeatedTrials.Merge(trials, Slos.ItlMedian(30));

        merged.Single(o => o.Configuration.Equals(B)).Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Undecided);
        ConfidentVerdicts.Confidence.Should().Be(0.99);
    }

    [Fact]
    public void RepeatsThatStayedUndecidedArePooledAndJudgedOnTheirMean()
    {
        var slo = new MLEnergy.Recommender.Slo.ServiceLevelObjective([
            new MLEnergy.Recommender.Slo.SloConstraint(
                MLEnergy.Recommender.Metrics.LatencyMetric.Itl,
                MLEnergy.Recommender.Metrics.Statistic.P50,
                20
            ),
        ]);
        Observation Undecided(Configuration c, double itl) =>
            Trial(c, itl, 1.0) with
            {
                Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Undecided),
            };

        var merged = RepeatedTrials.Merge(
            [Undecided(A, 10), Undecided(A, 10.2), Undecided(A, 9.9), Undecided(B, 30), Undecided(B, 30.5)],
            slo
        );

        merged.Single(o => o.Configuration.Equals(A)).Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Met);
        merged.Single(o => o.Configuration.Equals(B)).Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Missed);
    }

    [Fact]
    public void AVerdictEveryRepeatReachedStands()
    {
        Observation Missed(double itl) =>
            Trial(A, itl, 1.0) with
            {
                Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Missed),
            };

        var merged = RepeatedTrials.Merge([Missed(10), Missed(11)]);

        merged.Single().Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Missed);
    }
}
