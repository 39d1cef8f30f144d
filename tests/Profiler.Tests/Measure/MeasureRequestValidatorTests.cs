using MLEnergy.Profiler.Measure;
using MLEnergy.Profiler.Telemetry;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Measure;

public sealed class MeasureRequestValidatorTests
{
    private readonly FakeGpuTelemetry _twoGpus = new FakeGpuTelemetry(new FakeTimeProvider())
        .Add("a", Power.FromWatts(1))
        .Add("b", Power.FromWatts(1));

    [Fact]
    public void AGoodRequestHasNoFindings() =>
        MeasureRequestValidator.Validate(Request(gpus: [0, 1]), _twoGpus, null).Should().BeEmpty();

    [Fact]
    public void AGpuThatDoesNotExistIsNamed() =>
        MeasureRequestValidator
            .Validate(Request(gpus: [2]), _twoGpus, null)
            .Should()
            .Equal("--gpus names GPU 2, which does not exist (this host has 2: 0–1)");

    [Fact]
    public void AGpuOnAHostWithoutGpusSaysWhy() =>
        MeasureRequestValidator
            .Validate(Request(gpus: [0]), EmptyGpuTelemetry.Instance, "no NVIDIA driver found")
            .Should()
            .Equal("--gpus names GPU 0, but this host has none (no NVIDIA driver found)");

    [Fact]
    public void AnIntervalUnderTenMillisecondsIsRefused() =>
        MeasureRequestValidator
            .Validate(Request(interval: TimeSpan.FromMilliseconds(5)), _twoGpus, null)
            .Should()
            .ContainSingle()
            .Which.Should()
            .Contain("minimum is 10 ms");

    [Fact]
    public void AMissingCommandIsRefused() =>
        MeasureRequestValidator
            .Validate(Request(command: ""), _twoGpus, null)
            .Should()
            .ContainSingle()
            .Which.Should()
            .StartWith("no command to measure");

    [Theory]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData(" 3 ", new[] { 3 })]
    public void GpuListsAreReadFromCommaSeparatedIndices(string text, int[] expected)
    {
        GpuSelection.TryParse(text, out var gpus, out var problem).Should().BeTrue();
        gpus.Should().Equal(expected);
        problem.Should().BeNull();
    }

    [Fact]
    public void AGpuListWithANonNumberIsRefused()
    {
        GpuSelection.TryParse("0,x", out _, out var problem).Should().BeFalse();
        problem.Should().Contain("'x'");
    }

    private static MeasureRequest Request(string command = "true", int[]? gpus = null, TimeSpan? interval = null) =>
        new(command, [], gpus, interval ?? MeasureRequest.DefaultInterval);
}
