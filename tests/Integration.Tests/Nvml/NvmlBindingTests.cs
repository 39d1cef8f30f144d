using System.Diagnostics;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Integration.Tests.Nvml;

[Collection(NvmlStubGroup.Name)]
public sealed class NvmlBindingTests
{
    private readonly NvmlStubFixture _stub;

    public NvmlBindingTests(NvmlStubFixture stub) => _stub = stub;

    [Fact]
    public void DevicesAndTheirIdentitiesComeFromTheDriver()
    {
        using var nvml = NvmlLibrary.Open();

        nvml.DeviceCount.Should().Be(3);
        var first = nvml.GetDevice(0);
        first.GetName().Should().Be("NVIDIA H100 80GB HBM3");
        first.GetUuid().Should().Be("GPU-5a1f0c3e-0000-4000-8000-000000000000");
        first.GetPciBusId().Should().Be("00000000:18:00.0");
        first.GetArchitecture().Should().Be(GpuArchitecture.Hopper);
        nvml.GetDevice(2).GetArchitecture().Should().Be(GpuArchitecture.Pascal);
    }

    [Fact]
    public void TheEnergyCounterAdvancesAtTheDevicesPower()
    {
        using var nvml = NvmlLibrary.Open();
        var device = nvml.GetDevice(0);

        // The stub's counter runs at 300 W of wall time: the energy between the two reads lies between
        // 300 W times the time between the calls' ends and 300 W times the time between their starts.
        var t0 = Stopwatch.GetTimestamp();
        var before = device.GetTotalEnergy();
        var t1 = Stopwatch.GetTimestamp();
        Thread.Sleep(200);
        var t2 = Stopwatch.GetTimestamp();
        var after = device.GetTotalEnergy();
        var t3 = Stopwatch.GetTimestamp();

        var joules = (after - before).Joules;
        joules
            .Should()
            .BeInRange(
                (300 * Stopwatch.GetElapsedTime(t1, t2).TotalSeconds) - 0.002,
                (300 * Stopwatch.GetElapsedTime(t0, t3).TotalSeconds) + 0.002
            );
    }

    [Fact]
    public void ADeviceWithoutAnEnergyCounterAnswersNotSupported()
    {
        using var nvml = NvmlLibrary.Open();

        var read = () => nvml.GetDevice(2).GetTotalEnergy();

        read.Should()
            .Throw<NvmlNotSupportedException>()
            .Which.Should()
            .Match<NvmlException>(e => e.Code == NvmlReturn.NotSupported && e.Description == "Not Supported");
    }

    [Fact]
    public void PowerIsReadThroughFieldValuesAndPowerUsage()
    {
        using var nvml = NvmlLibrary.Open();

        nvml.GetDevice(0).GetInstantPower().Should().Be(Power.FromWatts(305));
        nvml.GetDevice(0).GetAveragePower().Should().Be(Power.FromWatts(300));
        nvml.GetDevice(2).GetPowerUsage().Should().Be(Power.FromWatts(70));
        ((Action)(() => nvml.GetDevice(2).GetInstantPower())).Should().Throw<NvmlNotSupportedException>();
    }

    [Fact]
    public void SupportedClockListsAreReadWithTheTwoCallBufferProtocol()
    {
        using var nvml = NvmlLibrary.Open();
        var device = nvml.GetDevice(0);

        var memory = device.GetSupportedMemoryClocks();
        var graphics = device.GetSupportedGraphicsClocks(Frequency.FromMegahertz(2619));

        memory.Select(f => f.Megahertz).Should().Equal(2619, 1593);
        graphics.Should().HaveCount(110);
        graphics[0].Megahertz.Should().Be(1980);
        graphics[^1].Megahertz.Should().Be(345);
        device.GetClock(NvmlClockType.Memory).Megahertz.Should().Be(2619);
    }

    [Fact]
    public void PowerLimitsAndPersistenceAreRead()
    {
        using var nvml = NvmlLibrary.Open();
        var device = nvml.GetDevice(2);

        device.GetPowerLimitConstraints().Should().Be(new PowerLimitRange(Power.FromWatts(125), Power.FromWatts(250)));
        device.GetPowerLimit().Should().Be(Power.FromWatts(250));
        device.GetDefaultPowerLimit().Should().Be(Power.FromWatts(250));
        device.GetEnforcedPowerLimit().Should().Be(Power.FromWatts(250));
        device.GetPersistenceMode().Should().BeTrue();
    }

    [Fact]
    public void AFunctionTheDriverLacksIsDetectedAndTheOlderOneUsed()
    {
        using var nvml = NvmlLibrary.Open();

        nvml.HasFunction("nvmlDeviceGetCurrentClocksEventReasons").Should().BeFalse();
        nvml.HasFunction("nvmlDeviceGetTotalEnergyConsumption").Should().BeTrue();
        nvml.GetDevice(2).GetThrottleReasons().Should().Be(ClockThrottleReasons.GpuIdle);
    }

    [Fact]
    public void InitialisationIsReferenceCounted()
    {
        var first = NvmlLibrary.Open();
        using var second = NvmlLibrary.Open();

        first.Dispose();

        second.DeviceCount.Should().Be(3);
        ((Func<int>)(() => first.DeviceCount)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void LockedClocksReachTheDriverWithTheirArgumentsAndReset()
    {
        using var nvml = NvmlLibrary.Open();
        var device = nvml.GetDevice(0);
        var callsBefore = _stub.Calls().Count;

        device.SetLockedClocks(Frequency.FromMegahertz(345), Frequency.FromMegahertz(1410));
        var locked = device.GetClock(NvmlClockType.StreamingMultiprocessor);
        device.ResetLockedClocks();

        locked.Megahertz.Should().Be(1410);
        device.GetClock(NvmlClockType.StreamingMultiprocessor).Megahertz.Should().Be(1980);
        _stub
            .Calls()
            .Skip(callsBefore)
            .Should()
            .Equal("nvmlDeviceSetGpuLockedClocks 0 345 1410", "nvmlDeviceResetGpuLockedClocks 0");
    }

    [Fact]
    public void APowerLimitReachesTheDriverInMilliwatts()
    {
        using var nvml = NvmlLibrary.Open();
        var device = nvml.GetDevice(0);
        var callsBefore = _stub.Calls().Count;

        device.SetPowerLimit(Power.FromWatts(450));
        var limit = device.GetPowerLimit();
        device.SetPowerLimit(Power.FromWatts(700));

        limit.Should().Be(Power.FromWatts(450));
        _stub
            .Calls()
            .Skip(callsBefore)
            .Should()
            .Equal("nvmlDeviceSetPowerManagementLimit 0 450000", "nvmlDeviceSetPowerManagementLimit 0 700000");
    }

    [Fact]
    public void SettersWithoutPermissionRaiseNoPermissionAndChangeNothing()
    {
        using var nvml = NvmlLibrary.Open();
        var device = nvml.GetDevice(1);
        var callsBefore = _stub.Calls().Count;

        var setLimit = () => device.SetPowerLimit(Power.FromWatts(400));
        var lockClocks = () => device.SetLockedClocks(Frequency.FromMegahertz(345), Frequency.FromMegahertz(990));

        setLimit
            .Should()
            .Throw<NvmlNoPermissionException>()
            .Which.Should()
            .Match<NvmlException>(e =>
                e.Code == NvmlReturn.NoPermission && e.Message.Contains("Insufficient Permissions")
            );
        lockClocks.Should().Throw<NvmlNoPermissionException>();
        device.GetPowerLimit().Should().Be(Power.FromWatts(700));
        _stub.Calls().Should().HaveCount(callsBefore);
    }

    [Fact]
    public void APowerLimitOutsideTheRangeIsAnInvalidArgument()
    {
        using var nvml = NvmlLibrary.Open();

        var setLimit = () => nvml.GetDevice(0).SetPowerLimit(Power.FromWatts(900));

        setLimit.Should().Throw<NvmlException>().Which.Code.Should().Be(NvmlReturn.InvalidArgument);
    }

    [Fact]
    public void TelemetryReportsAMissingCounterAsAbsentAndStillReadsPower()
    {
        using var telemetry = NvmlGpuTelemetry.Open();

        telemetry
            .Devices.Select(d => d.Name)
            .Should()
            .Equal("NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3", "Tesla P100-PCIE-16GB");
        telemetry.ReadTotalEnergy(2).Should().BeNull();
        telemetry.ReadPower(2).Should().Be(Power.FromWatts(70));
        telemetry.ReadTotalEnergy(0).Should().NotBeNull();
        var reading = telemetry.Read(0);
        reading.AveragePower.Should().Be(Power.FromWatts(300));
        reading.InstantPower.Should().Be(Power.FromWatts(305));
        reading.SmClock.Should().Be(Frequency.FromMegahertz(1980));
    }
}
