namespace MLEnergy.Simulation.Telemetry;

/// <summary>
/// The power one GPU drew over virtual time, kept as the energy of each 10 ms tick, so that energy over any
/// window and power at any moment can be read back at that resolution.
/// </summary>
public sealed class PowerTimeline
{
    /// <summary>The resolution of the timeline.</summary>
    public const double TickSeconds = 0.01;

    private double[] ticks = new double[1024];
    private double[] cumulative = new double[1025];
    private int cumulativeValid;
    private int used;

    /// <summary>The end of the last interval recorded, in seconds of virtual time.</summary>
    public double EndSeconds { get; private set; }

    /// <summary>
    /// Records that the GPU drew <paramref name="watts"/> from <paramref name="start"/> to <paramref name="end"/>
    /// (seconds).
    /// </summary>
    public void Add(double start, double end, double watts)
    {
        if (end <= start)
        {
            return;
        }

        var first = (int)(start / TickSeconds);
        var last = (int)(end / TickSeconds);
        Ensure(last + 1);
        if (first == last)
        {
            ticks[first] += watts * (end - start);
        }
        else
        {
            ticks[first] += watts * (((first + 1) * TickSeconds) - start);
            for (var i = first + 1; i < last; i++)
            {
                ticks[i] += watts * TickSeconds;
            }

            ticks[last] += watts * (end - (last * TickSeconds));
        }

        used = Math.Max(used, last + 1);
        cumulativeValid = Math.Min(cumulativeValid, first);
        EndSeconds = Math.Max(EndSeconds, end);
    }

    /// <summary>Energy in joules drawn from time zero to <paramref name="seconds"/>.</summary>
    public double EnergyUntil(double seconds)
    {
        if (seconds <= 0)
        {
            return 0;
        }

        var tick = (int)(seconds / TickSeconds);
        if (tick >= used)
        {
            return Cumulative(used);
        }

        var fraction = (seconds - (tick * TickSeconds)) / TickSeconds;
        return Cumulative(tick) + (ticks[tick] * fraction);
    }

    /// <summary>Energy in joules drawn between two moments.</summary>
    public double EnergyBetween(double start, double end) => EnergyUntil(end) - EnergyUntil(start);

    /// <summary>Average power over the 10 ms tick that holds <paramref name="seconds"/>.</summary>
    public double PowerAt(double seconds)
    {
        var tick = (int)(seconds / TickSeconds);
        return tick >= 0 && tick < used ? ticks[tick] / TickSeconds : 0;
    }

    private double Cumulative(int tickCount)
    {
        for (var i = cumulativeValid; i < tickCount; i++)
        {
            cumulative[i + 1] = cumulative[i] + ticks[i];
        }

        cumulativeValid = Math.Max(cumulativeValid, tickCount);
        return cumulative[tickCount];
    }

    private void Ensure(int count)
    {
        if (count <= ticks.Length)
        {
            return;
        }

        var size = Math.Max(count, ticks.Length * 2);
        Array.Resize(ref ticks, size);
        Array.Resize(ref cumulative, size + 1);
    }
}
