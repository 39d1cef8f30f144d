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
    public void TheGpusAskedForAreTheOnlyOnesTheCommandsAndTheRevertSet()
    {
        var baseline = ReportFixture.Config(1980, 8);

        var plan = ApplyPlanBuilder.Build(ReportFixture.Space, ReportFixture.Config(1410, 64), null, baseline, [1]);

        plan.Gpus.Should().Equal(1);
        plan.GpuCommands.Should().Equal("nvidia-smi -i 1 -lgc 990,1410");
        plan.RevertCommands.Should().Equal("nvidia-smi -i 1 -rgc");
        ApplySnippets
            .Lines("systemd", ReportFixture.Space, ReportFixture.Config(1410, 64), null, baseline, [1])
            .Where(l => l.StartsWith("Exec", StringComparison.Ordinal))
            .Should()
            .Equal("ExecStart=/usr/bin/nvidia-smi -i 1 -lgc 990,1410", "ExecStop=/usr/bin/nvidia-smi -i 1 -rgc");
    }

    [Fact]
    public void GpusTheRunDidNotMeasureAreNamed() =>
        // The fixture's space serves on two GPUs: gpu0 and gpu1.
        ApplyPlanBuilder
            .Unmeasured(ReportFixture.Space, ReportFixture.Config(1410, 64), [1, 2, 7, 2])
            .Should()
            .Equal(2, 7);

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

    [Fact]
    public void WithTheGpusLowestClockKnownTheLockIsTheRangeApplySetsEvenAtTheLowestCap()
    {
        var facts = new ApplyGpuFacts(345, 700, "GPU data H100-SXM-80GB");

        var plan = ApplyPlanBuilder.Build(ReportFixture.Space, ReportFixture.Config(990, 64), facts);

        plan.GpuCommands.Should().Equal("nvidia-smi -i 0 -lgc 345,990", "nvidia-smi -i 1 -lgc 345,990");
        plan.Notes.Should().BeEmpty();
    }

    [Fact]
    public void WithoutItTheLockStartsAtTheSpacesLowestClockAndSaysSo()
    {
        var plan = ApplyPlanBuilder.Build(ReportFixture.Space, ReportFixture.Config(990, 64));

        plan.GpuCommands[0].Should().Be("nvidia-smi -i 0 -lgc 990,990");
        plan.Notes.Should().ContainSingle().Which.Should().Contain("lowest clock was not known");
    }

    [Fact]
    public void RevertCommandsPutTheBaselinesGpuSettingsBack()
    {
        var space = ReportFixture.Space with
        {
            Knobs =
            [
                .. ReportFixture.Space.Knobs,
                new Recommender.Knobs.Knob(
                    "power_limit_w",
                    Recommender.Knobs.KnobKind.GpuPowerLimit,
                    [Recommender.Knobs.KnobValue.Of(300), Recommender.Knobs.KnobValue.Of(650)],
                    RestartsServer: false
                ),
            ],
        };
        var chosen = ReportFixture.Config(1410, 64).With("power_limit_w", Recommender.Knobs.KnobValue.Of(300));
        var baseline = ReportFixture.Config(1980, 64).With("power_limit_w", Recommender.Knobs.KnobValue.Of(650));

        var plan = ApplyPlanBuilder.Build(space, chosen, new ApplyGpuFacts(345, 700, "test"), baseline);

        plan.RevertCommands.Should()
            .Equal(
                "nvidia-smi -i 0 -rgc",
                "nvidia-smi -i 1 -rgc",
                "nvidia-smi -i 0 -pl 650",
                "nvidia-smi -i 1 -pl 650"
            );
        plan.Lines().Should().Contain("#   nvidia-smi -i 0 -pl 650");
    }
}
