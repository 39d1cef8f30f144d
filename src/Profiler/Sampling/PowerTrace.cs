using MLEnergy.Units;

namespace MLEnergy.Profiler.Sampling;

/// <summary>Samples kept in memory, with the peak and mean power of each device. Thread-safe.</summary>
public sealed class PowerTrace : IPowerSampleSink
{
    private readonly List<PowerSample> _samples = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<PowerSample> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    public void Write(PowerSample sample)
    {
        lock (_gate)
        {
            _samples.Add(sample);
        }
    }

    /// <summary>Highest power seen on <paramref name="device"/>; <c>null</c> without power samples.</summary>
    public Power? Peak(string device) => Powers(device).Select(p => (Power?)p).DefaultIfEmpty(null).Max();

    /// <summary>Mean of the power samples of <paramref name="device"/>; <c>null</c> without power samples.</summary>
    public Power? Mean(string device)
    {
        var powers = Powers(device);
        return powers.Count == 0 ? null : Power.FromWatts(powers.Average(p => p.Watts));
    }

    private List<Power> Powers(string device)
    {
        lock (_gate)
        {
            return _samples.Where(s => s.Device == device && s.Power is not null).Select(s => s.Power!.Value).ToList();
        }
    }
}
