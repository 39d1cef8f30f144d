using MLEnergy.Profiler.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Support;

/// <summary>
/// Simulated GPUs in fake time: each draws a set power, and its energy counter (if it has one) integrates that
/// power exactly. A device may lack the counter, or report no power at all.
/// </summary>
public sealed class FakeGpuTelemetry : IGpuTelemetry
{
    private readonly FakeTimeProvider _time;
    private readonly List<Device> _devices = [];

    public FakeGpuTelemetry(FakeTimeProvider time) => _time = time;

    public IReadOnlyList<GpuIdentity> Devices =>
        _devices.Select((d, i) => new GpuIdentity(i, d.Name, $"GPU-fake-{i}")).ToArray();

    public IReadOnlyList<UnreachableGpu> Unreachable => [];

    public int EnergyReads { get; private set; }

    public FakeGpuTelemetry Add(string name, Power power, bool hasCounter = true, bool reportsPower = true)
    {
        _devices.Add(new Device(name, hasCounter, reportsPower) { Power = power, Since = _time.GetUtcNow() });
        return this;
    }

    /// <summary>Changes a device's power from now on.</summary>
    public void SetPower(int index, Power power)
    {
        var device = _devices[index];
        device.Accumulated = EnergyNow(device);
        device.Since = _time.GetUtcNow();
        device.Power = power;
    }

    public Energy? ReadTotalEnergy(int index)
    {
        EnergyReads++;
        var device = _devices[index];
        return device.HasCounter ? EnergyNow(device) + Energy.FromJoules(1_000_000) : null;
    }

    public Power? ReadPower(int index) => _devices[index].ReportsPower ? _devices[index].Power : null;

    public GpuReading Read(int index) =>
        new(ReadTotalEnergy(index), ReadPower(index), ReadPower(index), Frequency.FromMegahertz(1410));

    private Energy EnergyNow(Device device) => device.Accumulated + device.Power * (_time.GetUtcNow() - device.Since);

    private sealed record Device(string Name, bool HasCounter, bool ReportsPower)
    {
        public Power Power { get; set; }

        public DateTimeOffset Since { get; set; }

        public Energy Accumulated { get; set; } = Energy.Zero;
    }
}
