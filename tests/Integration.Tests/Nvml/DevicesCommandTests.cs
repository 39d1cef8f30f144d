using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Nvml;

[Collection(NvmlStubGroup.Name)]
public sealed class DevicesCommandTests
{
    private readonly NvmlStubFixture _stub;

    public DevicesCommandTests(NvmlStubFixture stub) => _stub = stub;

    [Fact]
    public async Task DevicesListsEveryGpuWithItsRangesAndCounterSupport()
    {
        var run = await CliRun.RunAsync("devices");

        run.ExitCode.Should().Be(0);
        run.Out.Should()
            .Contain("GPU 0: NVIDIA H100 80GB HBM3")
            .And.Contain("GPU 2: Tesla P100-PCIE-16GB")
            .And.Contain("SM clock range  345–1980 MHz")
            .And.Contain("power limit     700 W (range 200–700 W, default 700 W)")
            .And.Contain("energy counter  no (energy from integrated power)")
            .And.Contain("May change clocks and power limits:");
    }

    [Fact]
    public async Task DevicesAsJsonGivesNumbersWithUnitsInTheirNames()
    {
        var run = await CliRun.RunAsync("devices", "--json");

        run.ExitCode.Should().Be(0);
        using var json = JsonDocument.Parse(run.Out);
        var gpus = json.RootElement.GetProperty("gpus");
        gpus.GetArrayLength().Should().Be(3);
        gpus[0].GetProperty("energy_counter").GetBoolean().Should().BeTrue();
        gpus[2].GetProperty("energy_counter").GetBoolean().Should().BeFalse();
        gpus[2].GetProperty("power_limit_min_w").GetDouble().Should().Be(125);
        gpus[0].GetProperty("sm_clock_max_mhz").GetDouble().Should().Be(1980);
        json.RootElement.GetProperty("gpu_unavailable").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("unreachable_gpus").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ReadingCommandsNeverCallASetter()
    {
        var callsBefore = _stub.Calls().Count;

        await CliRun.RunAsync("devices");
        await CliRun.RunAsync("devices", "--json");
        await CliRun.RunAsync("measure", "--", "true");

        _stub.Calls().Should().HaveCount(callsBefore);
    }
}
