using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// The GPU settings the tuner may change, per device index. NVML on a real host; a fake in tests. Whoever opens one
/// disposes it (closing NVML).
/// </summary>
public interface IGpuControl : IDisposable
{
    int DeviceCount { get; }

    /// <summary>
    /// Where the GPUs are controlled from when not through this host's NVML (a sim-server's address); journaled with
    /// every change so that a restore finds them. Null for NVML.
    /// </summary>
    string? ControlAddress => null;

    string Uuid(int gpu);

    Power GetPowerLimit(int gpu);

    PowerLimitRange GetPowerLimitRange(int gpu);

    /// <summary>The driver's default power limit (none set), for a restore to go back to.</summary>
    Power GetDefaultPowerLimit(int gpu) => GetPowerLimitRange(gpu).Maximum;

    /// <summary>The lowest SM clock the device supports: the bottom of a locked range under a cap.</summary>
    Frequency GetMinimumSmClock(int gpu);

    void LockSmClocks(int gpu, Frequency minimum, Frequency maximum);

    void ResetSmClocks(int gpu);

    /// <summary>
    /// The top of the SM clock lock in force, read back (null: no lock); false when the driver cannot tell. NVML has
    /// no read-back of a lock (<c>nvmlDeviceGetGpuLockedClocks</c> is not part of its API), so on a host's GPUs a
    /// lock set by hand cannot be told from this tool's and a restore resets it; a sim-server's GPUs read theirs back.
    /// </summary>
    bool TryGetSmClockCap(int gpu, out Frequency? cap)
    {
        cap = null;
        return false;
    }

    void SetPowerLimit(int gpu, Power limit);

    /// <summary>The device's marketing name, as NVML gives it (the GPU kind's alias in the GPU data).</summary>
    string Name(int gpu);

    /// <summary>The power limit the driver enforces now (firmware may clamp a requested one).</summary>
    Power GetEnforcedPowerLimit(int gpu);

    /// <summary>The SM clock now.</summary>
    Frequency GetSmClock(int gpu);

    /// <summary>Why the clocks are below their maximum now.</summary>
    ClockThrottleReasons GetThrottleReasons(int gpu);

    Temperature GetTemperature(int gpu);
}
