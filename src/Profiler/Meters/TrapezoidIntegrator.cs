using MLEnergy.Units;

namespace MLEnergy.Profiler.Meters;

/// <summary>Energy from a series of power samples by the trapezoidal rule. Not thread-safe; callers lock.</summary>
public sealed class TrapezoidIntegrator
{
    private TimeSpan? _lastTime;
    private Power _lastPower;

    public Energy Total { get; private set; } = Energy.Zero;

    public int SampleCount { get; private set; }

    /// <summary>
    /// Adds a sample taken at <paramref name="time"/> (any fixed origin); samples out of order are ignored.
    /// </summary>
    public void Add(TimeSpan time, Power power)
    {
        if (_lastTime is { } last)
        {
            if (time < last)
            {
                return;
            }

            Total += Power.FromWatts((_lastPower.Watts + power.Watts) / 2) * (time - last);
        }

        _lastTime = time;
        _lastPower = power;
        SampleCount++;
    }
}
