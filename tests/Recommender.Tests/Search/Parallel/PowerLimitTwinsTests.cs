using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search.Parallel;

public class PowerLimitTwinsTests
{
    private static readonly SearchSpace Space = new()
    {
        Name = "clock-and-limit",
        Target = "test",
        Knobs =
        [
            new Knob("gpu_clock", KnobKind.GpuSmClockCap, [KnobValue.Of(1005), KnobValue.Of(1980)], false),
            new Knob(
                "power_limit",
                KnobKind.GpuPowerLimit,
                [KnobValue.Of(300), KnobValue.Of(400), KnobValue.Of(500), KnobValue.Of(700)],
                false
            ),
        ],
    };

    private static readonly IReadOnlyList<Configuration> Candidates = [.. Space.Enumerate()];

    [Fact]
    public void LimitsWellAboveTheDrawOfTheSameClockAreTwinsAndOnesNearItAreNot()
    {
        // At 1005 MHz the GPU drew 350 W under a 700 W limit: 400 W (14 % above) does not bind either, 300 W does.
        IReadOnlyList<Observation> measured = [Trial(1005, 700, 350)];

        PowerLimitTwins.AreTwins(Space, measured, At(1005, 700), At(1005, 400)).Should().BeTrue();
        PowerLimitTwins.AreTwins(Space, measured, At(1005, 500), At(1005, 400)).Should().BeTrue();
        PowerLimitTwins.AreTwins(Space, measured, At(1005, 700), At(1005, 300)).Should().BeFalse();
        PowerLimitTwins.AreTwins(Space, measured, At(1980, 700), At(1980, 500)).Should().BeFalse("nothing measured");
        PowerLimitTwins.AreTwins(Space, measured, At(1005, 700), At(1980, 700)).Should().BeFalse();
    }

    [Fact]
    public void ATrialThatReachedItsLimitSaysNothingOfTheDrawWithoutIt()
    {
        // 1980 MHz drew 495 W under 500 W: the limit bound, so what the clock would draw above it is unknown.
        IReadOnlyList<Observation> measured = [Trial(1980, 500, 495)];

        PowerLimitTwins.AreTwins(Space, measured, At(1980, 500), At(1980, 700)).Should().BeFalse();
    }

    [Fact]
    public void APendingTrialsUnmeasuredTwinsAreBelievedLikeItALittleWorseAgain()
    {
        var state = new SearchState(
            Space,
            Candidates,
            [Trial(1005, 700, 350), Trial(1980, 700, 650)],
            Slos.ItlMedian(40),
            10
        );

        var lied = ConstantLiar.WithPending(state, [new PendingTrial(At(1005, 500), TrialFidelity.Full)]);

        // 500 W pending: 400 W is its unmeasured twin; 700 W is measured, 300 W binds.
        lied.Believed.Should().Be(2);
        var pending = lied.Observations.Single(o => o.Configuration.Equals(At(1005, 500)));
        var twin = lied.Observations.Should().ContainSingle(o => o.Configuration.Equals(At(1005, 400))).Subject;
        twin.Metric("energy_per_token_j")
            .Should()
            .BeApproximately(pending.Metric("energy_per_token_j")!.Value * (1 + ConstantLiar.Penalty), 1e-12);
        lied.IsMeasured(At(1005, 300)).Should().BeFalse();
    }

    private static Observation Trial(int clock, int limit, double watts) =>
        new(
            At(clock, limit),
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", 30)
                .Add("energy_per_token_j", watts / 1000)
                .Add("avg_power_w", watts)
        );

    private static Configuration At(int clock, int limit) =>
        Configuration.Of(
            ("gpu_clock", clock.ToString(CultureInfo.InvariantCulture)),
            ("power_limit", limit.ToString(CultureInfo.InvariantCulture))
        );
}
