using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class ApplyPlanBuilderTests
{
    [Fact]
    public void ClockCapsBecomeLockedClockRangesFromTheSpacesLowestClockOnEveryGpu()
    {
        var plan = ApplyPlanBuilder.Build(ReportFixture.Space, ReportFixture.Config(1410, 64));

        plan.GpuCount.Should().Be(2);
        plan.GpuCommands.Should().Equal("nvidia-smi -i 0 -lgc 990,1410", "nvidia-smi -i 1 -lgc 990,1410");
        plan.ServerFlags.Should().Equal("--max-num-seqs 64", "--quantization none");
    }

    [Fact]
    public void PowerLimitsBecomeNvidiaSmiPowerLimitLines()
    {
        var space = ReportFixture.Space with
        {
            Knobs =
            [
                new Recommender.Knobs.Knob(
                    "power_limit_w",
                    Recommender.Knobs.KnobKind.GpuPowerLimit,
                    [Recommender.Knobs.KnobValue.Of(300), Recommender.Knobs.KnobValue.Of(700)],
                    RestartsServer: false
                ),
            ],
        };

        var plan = ApplyPlanBuilder.Build(space, Recommender.Knobs.Configuration.Of(("power_limit_w", "300")));

        plan.GpuCommands.Should().Equal("nvidia-smi -i 0 -pl 300", "nvidia-smi -i 1 -pl 300");
        plan.ServerFlags.Should().BeEmpty();
    }
}
