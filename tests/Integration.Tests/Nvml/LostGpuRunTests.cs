using System.Text.Json;
using MLEnergy.Integration.Tests.Serving;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Profiler.Nvml;

namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>
/// Runs on a host where one GPU has fallen off the bus (the stub's <c>lost 1</c>): what does not read that GPU runs,
/// and what needs it says so in one line naming it.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class LostGpuRunTests(NvmlStubFixture stub) : IDisposable
{
    private const string Lost = "nvmlDeviceGetHandleByIndex_v2: GPU is lost (15)";

    private readonly TempDirectory _temp = new();

    [Fact]
    public void TelemetryListsTheGpusItCanReachAndFailsOnlyReadingsOfTheLostOne()
    {
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");

        using var telemetry = NvmlGpuTelemetry.Open();

        telemetry.Devices.Select(d => d.Index).Should().Equal(0, 2);
        telemetry.DeviceCount.Should().Be(3);
        telemetry.ReadTotalEnergy(0).Should().NotBeNull();
        telemetry.Invoking(t => t.ReadTotalEnergy(1)).Should().Throw<NvmlException>().WithMessage(Lost);
    }

    [Fact]
    public async Task AnOptimizeRunOnGpusThatAreFineRunsBesideALostGpu()
    {
        await using var host = await StubHost.StartAsync(stub, _temp.Path);
        var space = Space("[0]");
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");

        var run = await CliProcess.RunAsync(
            host.Environment,
            host.OptimizeArguments(space, _temp.File("state"), _temp.File("run"), "--budget", "1")
        );

        run.ExitCode.Should().Be(0, run.Output);
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
    }

    [Fact]
    public async Task AnOptimizeRunThatNeedsTheLostGpuSaysSoInOneLine()
    {
        await using var host = await StubHost.StartAsync(stub, _temp.Path);
        var space = Space("[0, 1]");
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");

        var run = await CliProcess.RunAsync(
            host.Environment,
            host.OptimizeArguments(space, _temp.File("state"), _temp.File("run"), "--budget", "1")
        );

        run.ExitCode.Should().Be(2, run.Output);
        run.Output.Should()
            .Contain($"{space}: the run needs gpu1, which the driver cannot reach: {Lost}")
            .And.NotContain("internal error");
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
    }

    [Fact]
    public async Task MeasureReadsTheGpusItCanReachAndRefusesTheLostOneByName()
    {
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");

        var all = await CliRun.RunAsync("measure", "--json", "--", "true");
        var lost = await CliRun.RunAsync("measure", "--gpus", "1", "--", "true");

        all.ExitCode.Should().Be(0, all.Error);
        using var json = JsonDocument.Parse(all.ErrorLines[^1]);
        json.RootElement.GetProperty("sources")
            .EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == "Gpu")
            .Select(s => s.GetProperty("name").GetString())
            .Should()
            .Equal("gpu0", "gpu2");
        json.RootElement.GetProperty("absent")
            .EnumerateArray()
            .Where(a => a.GetProperty("name").GetString()!.StartsWith("gpu", StringComparison.Ordinal))
            .Select(a => $"{a.GetProperty("name").GetString()}: {a.GetProperty("reason").GetString()}")
            .Should()
            .Equal($"gpu1: the driver cannot reach it: {Lost}");
        lost.ExitCode.Should().Be(2);
        lost.Error.Should().Contain($"--gpus names GPU 1, which the driver cannot reach: {Lost}");
    }

    [Fact]
    public async Task DevicesListsTheLostGpuWithItsReasonAndExitsOne()
    {
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");

        var text = await CliRun.RunAsync("devices");
        var json = await CliRun.RunAsync("devices", "--json");

        text.ExitCode.Should().Be(1, text.Error);
        text.Out.Should()
            .Contain("GPU 0: NVIDIA H100 80GB HBM3")
            .And.Contain($"GPU 1: not usable, the driver cannot reach it: {Lost}")
            .And.Contain("GPU 2: Tesla P100-PCIE-16GB");
        text.Out.IndexOf("GPU 1:", StringComparison.Ordinal)
            .Should()
            .BeGreaterThan(text.Out.IndexOf("GPU 0:", StringComparison.Ordinal))
            .And.BeLessThan(text.Out.IndexOf("GPU 2:", StringComparison.Ordinal));
        text.ErrorLines.Should()
            .Equal("mlenergy devices: not every GPU the driver counts is usable: GPU 1 cannot be reached");
        json.ExitCode.Should().Be(1);
        using var document = JsonDocument.Parse(json.Out);
        var unreachable = document.RootElement.GetProperty("unreachable_gpus");
        unreachable.GetArrayLength().Should().Be(1);
        unreachable[0].GetProperty("index").GetInt32().Should().Be(1);
        unreachable[0].GetProperty("reason").GetString().Should().Be(Lost);
    }

    [Fact]
    public async Task MeasureCallsTheLastGpuLostNotMissingWhenItIsLost()
    {
        File.WriteAllText(stub.ReadbackPath, "lost 2\n");

        var run = await CliRun.RunAsync("measure", "--gpus", "2", "--", "true");

        run.ExitCode.Should().Be(2);
        run.Error.Should()
            .Contain("--gpus names GPU 2, which the driver cannot reach: nvmlDeviceGetHandleByIndex_v2: GPU is lost")
            .And.NotContain("does not exist");
    }

    public void Dispose()
    {
        File.Delete(stub.ReadbackPath);
        _temp.Dispose();
    }

    private string Space(string gpus) =>
        ExternalSpace.Write(
            _temp.File("space.yaml"),
            SignalRestoreTests.GpuKnobs,
            ExternalSpace.SimEnergy,
            trial: $"  gpus: {gpus}"
        );
}
