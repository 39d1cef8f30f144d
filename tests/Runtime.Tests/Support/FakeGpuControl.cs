using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>
/// GPUs in memory (H100s): 345-1980 MHz, 200-700 W, limit 700 W; records each setter call; may refuse them. Read-back
/// (the clock lock's too) is what was set unless a test clamps the limit (<see cref="EnforcedFloor"/>), throttles, or
/// heats the GPUs.
/// </summary>
internal sealed class FakeGpuControl(int count = 2) : IGpuControl
{
    private readonly double[] _limits = [.. Enumerable.Repeat(700.0, count)];
    private readonly double[] _caps = [.. Enumerable.Repeat(1980.0, count)];
    private readonly double?[] _locked = new double?[count];

    /// <summary>The lowest power limit the firmware enforces, whatever is requested.</summary>
    public Power? EnforcedFloor { get; set; }

    public ClockThrottleReasons Throttle { get; set; } = ClockThrottleReasons.None;

    /// <summary>The temperature each read returns; a test may change it as the GPUs cool.</summary>
    public Func<Temperature> Temperature { get; set; } = () => Units.Temperature.FromCelsius(40);

    /// <summary>How many times a temperature was read.</summary>
    public int TemperatureReads { get; private set; }

    public List<string> Calls { get; } = [];

    public bool Refuse { get; set; }

    /// <summary>A GPU whose setters fail with an NVML error other than NO_PERMISSION.</summary>
    public int? Broken { get; set; }

    /// <summary>Setter calls (as <see cref="Calls"/> writes them) that fail with an NVML error.</summary>
    public Func<string, bool> Fails { get; set; } = _ => false;

    /// <summary>Whether whoever opened it has closed it.</summary>
    public bool Disposed { get; private set; }

    public int DeviceCount => count;

    public string Uuid(int gpu) => $"GPU-{gpu}";

    /// <summary>The driver reports no power limit (NOT_SUPPORTED), as on GPUs without power management.</summary>
    public bool NoLimitReadings { get; set; }

    public Power GetPowerLimit(int gpu) =>
        NoLimitReadings
            ? throw new NvmlException(NvmlReturn.NotSupported, "nvmlDeviceGetPowerManagementLimit", "Not Supported")
            : Power.FromWatts(_limits[gpu]);

    public PowerLimitRange GetPowerLimitRange(int gpu) => new(Power.FromWatts(200), Power.FromWatts(700));

    /// <summary>The driver's default limit, below the top of the range as on some GPUs.</summary>
    public Power GetDefaultPowerLimit(int gpu) => Power.FromWatts(600);

    /// <summary>A GPU whose supported clocks the driver does not give (NOT_SUPPORTED), as some GPUs answer.</summary>
    public int? NoClockList { get; set; }

    public Frequency GetMinimumSmClock(int gpu) =>
        NoClockList == gpu
            ? throw new NvmlException(NvmlReturn.NotSupported, "nvmlDeviceGetSupportedMemoryClocks", "Not Supported")
            : Frequency.FromMegahertz(345);

    public void LockSmClocks(int gpu, Frequency minimum, Frequency maximum)
    {
        Record(gpu, $"lock {gpu} {minimum.Megahertz:0} {maximum.Megahertz:0}");
        _caps[gpu] = maximum.Megahertz;
        _locked[gpu] = maximum.Megahertz;
    }

    public void ResetSmClocks(int gpu)
    {
        Record(gpu, $"reset {gpu}");
        _caps[gpu] = 1980;
        _locked[gpu] = null;
    }

    /// <summary>The lock reads back, as a sim-server's does (NVML cannot).</summary>
    public bool TryGetSmClockCap(int gpu, out Frequency? cap)
    {
        cap = _locked[gpu] is { } mhz ? Frequency.FromMegahertz(mhz) : null;
        return true;
    }

    public string Name(int gpu) => "NVIDIA H100 80GB HBM3";

    public Power GetEnforcedPowerLimit(int gpu) =>
        EnforcedFloor is { } floor && floor.Watts > _limits[gpu] ? floor : Power.FromWatts(_limits[gpu]);

    public Frequency GetSmClock(int gpu) => Frequency.FromMegahertz(_caps[gpu]);

    public ClockThrottleReasons GetThrottleReasons(int gpu) => Throttle;

    public Temperature GetTemperature(int gpu)
    {
        TemperatureReads++;
        return Temperature();
    }

    public void SetPowerLimit(int gpu, Power limit)
    {
        Record(gpu, $"limit {gpu} {limit.Watts:0}");
        _limits[gpu] = limit.Watts;
    }

    public void Dispose() => Disposed = true;

    private void Record(int gpu, string call)
    {
        if (Broken == gpu || Fails(call))
        {
            throw new NvmlException(NvmlReturn.Unknown, "nvmlDeviceSet", "Unknown Error");
        }

        if (Refuse)
        {
            throw new NvmlNoPermissionException(NvmlReturn.NoPermission, "nvmlDeviceSet", "Insufficient Permissions");
        }

        Calls.Add(call);
    }
}
