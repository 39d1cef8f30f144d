using MLEnergy.Integration.Tests.Conventions;
using MLEnergy.LoadFollowing;
using MLEnergy.Runtime.Targets.Simulated;

namespace MLEnergy.Integration.Tests.LoadFollowing;

/// <summary>
/// A short slice of the load-following evaluation (bench/LoadFollowing), through the same code: minutes 30-40 of the
/// Azure conversation trace (the busiest minute, then the fall to the quieter hour after it) served by Llama-3.1-8B
/// on one simulated H100, the busiest minute at 60 % of the baseline's capacity.
/// </summary>
public sealed class LoadFollowingSliceTests
{
    private static readonly Lazy<Task<CaseReport>> Slice = new(() =>
    {
        var options = new EvaluationOptions(
            SourceTree.Root,
            [ModelCase.Llama8B],
            FromMinute: 30,
            Minutes: 10,
            BusiestUtilization: 0.6
        );
        return CaseEvaluation.RunAsync(
            options,
            ModelCase.Llama8B,
            SimulatedHosts.CreateDefault(),
            ScaledTrace.Read(options.TracePath),
            CancellationToken.None
        );
    });

    [Fact]
    public async Task GovernUsesLessEnergyThanTheBestStaticConfigurationAndTheBaseline()
    {
        var report = await Slice.Value;

        report.Static.Should().NotBeNull("some GPU setting meets the SLO in the busiest minute at 60 % of capacity");
        report.Governed.EnergyJoules.Should().BeLessThan(report.BestStatic.EnergyJoules);
        report.BestStatic.EnergyJoules.Should().BeLessThan(report.Baseline.EnergyJoules);
        report.Governed.SavingPercent(report.BestStatic).Should().BeGreaterThan(5);
        report.Governed.Switches.Should().BeGreaterThan(0, "the load falls after the busiest minute");
    }

    [Fact]
    public async Task GovernMeetsTheSloForAtLeast99PercentOfRequestsAndItsQueueStaysBounded()
    {
        var report = await Slice.Value;

        report.Governed.MeetingShare.Should().BeGreaterThanOrEqualTo(0.99);
        report.Governed.Unfinished.Should().Be(0);
        report.Governed.MaxWaiting.Should().BeLessThan(10);
        report.Governed.OutputTokens.Should().Be(report.BestStatic.OutputTokens, "every policy serves the same trace");
    }

    [Fact]
    public async Task TheTraceIsScaledSoThatItsBusiestMinuteOffersTheAskedShareOfTheBaselinesCapacity()
    {
        var report = await Slice.Value;

        report.CapacityRequestsPerSecond.Should().BeInRange(10, 25);
        (report.Trace.BusiestRate / report.CapacityRequestsPerSecond).Should().BeApproximately(0.6, 0.03);
        report.Levels.Should().HaveCount(4).And.BeInAscendingOrder();
        report.Plan.Bands.Select(b => b.LevelRequestsPerSecond).Should().Equal(report.Levels);
    }
}
