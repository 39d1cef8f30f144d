using MLEnergy.Profiler.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Meters;

/// <summary>
/// GPU energy from any <see cref="IGpuTelemetry"/>: the device's energy counter where it has one, else its power
/// polled every <c>pollInterval</c> and integrated; a device with neither is listed as absent.
/// </summary>
public sealed class GpuEnergyMeter : IEnergyMeter, IDisposable
{
    /// <summary>How often NVML refreshes its energy counter (about 100 ms on Volta and newer).</summary>
    public static readonly TimeSpan CounterUpdatePeriod = TimeSpan.FromMilliseconds(100);

    private readonly IGpuTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Energy[] _origins;
    private readonly Energy[] _lastCounter;
    private readonly TrapezoidIntegrator?[] _integrators;
    private readonly ITimer? _poller;
    private readonly Lock _gate = new();

    public GpuEnergyMeter(IGpuTelemetry telemetry, IEnumerable<int> gpus, TimeProvider time, TimeSpan pollInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _telemetry = telemetry;
        _time = time;
        _start = time.GetTimestamp();
        var sources = new List<EnergySource>();
        var absent = new List<AbsentSource>();
        var origins = new List<Energy>();
        var integrators = new List<TrapezoidIntegrator?>();
        foreach (var index in gpus)
        {
            var name = $"gpu{index}";
            if (telemetry.ReadTotalEnergy(index) is { } counter)
            {
                sources.Add(
                    new EnergySource(name, EnergySourceKind.Gpu, index, EnergyMethod.Counter, CounterUpdatePeriod)
                );
                origins.Add(counter);
                integrators.Add(null);
            }
            else if (telemetry.ReadPower(index) is { } power)
            {
                sources.Add(
                    new EnergySource(name, EnergySourceKind.Gpu, index, EnergyMethod.PowerIntegration, pollInterval)
                );
                origins.Add(Energy.Zero);
                var integrator = new TrapezoidIntegrator();
                integrator.Add(TimeSpan.Zero, power);
                integrators.Add(integrator);
            }
            else
            {
                absent.Add(new AbsentSource(name, "reports neither an energy counter nor power"));
            }
        }

        Inventory = new MeterInventory(sources, absent);
        _origins = [.. origins];
        _lastCounter = [.. origins];
        _integrators = [.. integrators];
        if (_integrators.Any(i => i is not null))
        {
            _poller = time.CreateTimer(_ => Poll(), null, pollInterval, pollInterval);
        }
    }

    public MeterInventory Inventory { get; }

    public IReadOnlyList<Energy> Read()
    {
        var values = new Energy[_origins.Length];
        lock (_gate)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var source = Inventory.Sources[i];
                if (_integrators[i] is { } integrator)
                {
                    AddPowerSample(source, integrator);
                    values[i] = integrator.Total;
                }
                else
                {
                    _lastCounter[i] = _telemetry.ReadTotalEnergy(source.Index) ?? _lastCounter[i];
                    values[i] = _lastCounter[i] - _origins[i];
                }
            }
        }

        return values;
    }

    public Power? ReadPower(EnergySource source) => _telemetry.ReadPower(source.Index);

    /// <summary>Takes one power sample for every integrating device (the poll timer calls this).</summary>
    public void Poll()
    {
        lock (_gate)
        {
            for (var i = 0; i < _integrators.Length; i++)
            {
                if (_integrators[i] is { } integrator)
                {
                    AddPowerSample(Inventory.Sources[i], integrator);
                }
            }
        }
    }

    public void Dispose() => _poller?.Dispose();

    private void AddPowerSample(EnergySource source, TrapezoidIntegrator integrator)
    {
        if (_telemetry.ReadPower(source.Index) is { } power)
        {
            integrator.Add(_time.GetElapsedTime(_start), power);
        }
    }
}
