using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class ApplyPlanShellTests
{
    [Fact]
    public void ACraftedValueOfANumericKnobIsRefusedBeforeAnyLineIsPrinted()
    {
        var space = ReportFixture.Space with
        {
            Knobs = [new Knob("power_limit_w", KnobKind.GpuPowerLimit, [KnobValue.Of(300)], RestartsServer: false)],
        };

        var crafted = () => ApplyPlanBuilder.Build(space, Configuration.Of(("power_limit_w", "1980; touch /tmp/x")));
        var infinite = () => ApplyPlanBuilder.Build(space, Configuration.Of(("power_limit_w", "1e309")));

        crafted
            .Should()
            .Throw<ResultFormatException>()
            .WithMessage("power_limit_w = '1980; touch /tmp/x' is not a power limit in W*nothing was printed*");
        infinite.Should().Throw<ResultFormatException>();
    }

    [Fact]
    public void EveryOtherValueAndFlagIsOneShellWord()
    {
        var space = ReportFixture.Space with
        {
            Knobs =
            [
                new Knob("kv_cache_dtype", KnobKind.ServerArgument, [KnobValue.Parse("fp8")], RestartsServer: true),
                new Knob("x; id", KnobKind.ServerArgument, [KnobValue.Parse("1")], RestartsServer: true),
            ],
        };

        var plan = ApplyPlanBuilder.Build(
            space,
            Configuration.Of(("kv_cache_dtype", "fp8 $(reboot) it's"), ("x; id", "1"))
        );

        plan.ServerFlags.Should().Equal("--kv-cache-dtype 'fp8 $(reboot) it'\\''s'", "'--x; id' 1");
        ShellValue.Quote("1980").Should().Be("1980");
    }

    [Fact]
    public void AGpuCountOutsideOneTo1024IsRefused()
    {
        var count = () => ShellValue.Count("num_gpus", 1e300);

        count.Should().Throw<ResultFormatException>().WithMessage("num_gpus = 1E+300 is not a GPU count*");
    }
}
