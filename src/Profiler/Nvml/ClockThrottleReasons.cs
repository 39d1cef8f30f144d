namespace MLEnergy.Profiler.Nvml;

/// <summary>Why the clocks are below their maximum (NVML's clocks-event / throttle-reason bit mask).</summary>
[Flags]
public enum ClockThrottleReasons : ulong
{
    None = 0,
    GpuIdle = 0x1,
    ApplicationsClocksSetting = 0x2,
    SoftwarePowerCap = 0x4,
    HardwareSlowdown = 0x8,
    SyncBoost = 0x10,
    SoftwareThermalSlowdown = 0x20,
    HardwareThermalSlowdown = 0x40,
    HardwarePowerBrakeSlowdown = 0x80,
    DisplayClockSetting = 0x100,
}
