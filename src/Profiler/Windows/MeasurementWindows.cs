using System.Globalization;
using MLEnergy.Profiler.Meters;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Windows;

/// <summary>
/// Named, possibly overlapping measurement windows over one meter (Zeus's begin/end). A window shorter than a
/// source's update period is warned about and estimated from that source's power × elapsed time.
/// </summary>
public sealed class MeasurementWindows
{
    private readonly IEnergyMeter _meter;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OpenWindow> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public MeasurementWindows(IEnergyMeter meter, TimeProvider time)
    {
        _meter = meter;
        _time = time;
    }

    public IReadOnlyCollection<string> OpenWindows
    {
        get
        {
            lock (_gate)
            {
                return [.. _open.Keys];
            }
        }
    }

    public void Begin(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var window = new OpenWindow(_time.GetUtcNow(), _time.GetTimestamp(), _meter.Read());
        lock (_gate)
        {
            if (!_open.TryAdd(name, window))
            {
                throw new InvalidOperationException($"Measurement window '{name}' is already open.");
            }
        }
    }

    public WindowMeasurement End(string name)
    {
        var endEnergy = _meter.Read();
        var endTimestamp = _time.GetTimestamp();
        OpenWindow window;
        lock (_gate)
        {
            if (!_open.Remove(name, out window!))
            {
                throw new InvalidOperationException(
                    $"Measurement window '{name}' was never begun (or has already ended)."
                );
            }
        }

        var elapsed = _time.GetElapsedTime(window.Timestamp, endTimestamp);
        var sources = _meter.Inventory.Sources;
        var energies = new SourceEnergy[sources.Count];
        var warnings = new List<string>();
        for (var i = 0; i < sources.Count; i++)
        {
            energies[i] = Measure(name, sources[i], endEnergy[i] - window.Energy[i], elapsed, warnings);
        }

        return new WindowMeasurement(name, window.Start, elapsed, energies, _meter.Inventory.Absent, warnings);
    }

    /// <summary>Forgets an open window without measuring it (a trial that failed, say).</summary>
    public bool Cancel(string name)
    {
        lock (_gate)
        {
            return _open.Remove(name);
        }
    }

    private SourceEnergy Measure(
        string window,
        EnergySource source,
        Energy delta,
        TimeSpan elapsed,
        List<string> warnings
    )
    {
        if (elapsed >= source.UpdatePeriod)
        {
            return new SourceEnergy(source, delta, Estimated: false);
        }

        var power = _meter.ReadPower(source);
        var consequence = power is null
            ? "its energy may be off by a whole update"
            : "energy estimated from power × time";
        warnings.Add(
            string.Create(
                CultureInfo.InvariantCulture,
                $"window '{window}' lasted {DurationText.Format(elapsed)}, shorter than {source.Name}'s update "
                    + $"period ({DurationText.Format(source.UpdatePeriod)}): {consequence}"
            )
        );
        return power is { } p
            ? new SourceEnergy(source, p * elapsed, Estimated: true)
            : new SourceEnergy(source, delta, Estimated: false);
    }

    private sealed record OpenWindow(DateTimeOffset Start, long Timestamp, IReadOnlyList<Energy> Energy);
}
