using System.Collections.Immutable;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// Reads the serving GPUs for the validity gates: their temperature (and waits for them to cool when a trial starts
/// hotter than the baseline trial did), and, at the end of a window, the settings in force. The first trial measured
/// (the baseline) sets the reference temperature.
/// </summary>
public sealed class GpuProbe(IGpuControl control, IReadOnlyList<int> gpus, TimeProvider time)
{
    private Temperature? _baseline;

    /// <summary>
    /// Reads the hottest GPU's temperature; when it is more than the margin above the baseline trial's start, waits
    /// (polling, bounded by the timeout, cancellable) until it is not. Returns each GPU's start temperature and the
    /// wait.
    /// </summary>
    public async Task<(ImmutableArray<Temperature> Start, TimeSpan Waited)> SettleAsync(
        ValidityThresholds thresholds,
        CancellationToken cancellationToken
    )
    {
        var started = time.GetTimestamp();
        var readings = Temperatures();
        if (_baseline is not { } baseline)
        {
            _baseline = readings.Max();
            return (readings, TimeSpan.Zero);
        }

        var waited = TimeSpan.Zero;
        while (
            readings.Max().Celsius > baseline.Celsius + thresholds.SettleMarginCelsius
            && waited < thresholds.SettleTimeout
        )
        {
            await Task.Delay(thresholds.SettlePoll, time, cancellationToken);
            readings = Temperatures();
            waited = time.GetElapsedTime(started);
        }

        return (readings, waited);
    }

    /// <summary>What each GPU has in force now, against what was requested.</summary>
    public ImmutableArray<GpuCheck> ReadBack(
        Power? requestedLimit,
        Frequency? requestedCap,
        ImmutableArray<Temperature> start,
        Func<int, Power?> averagePower
    ) =>
        [
            .. gpus.Select(
                (gpu, i) =>
                    new GpuCheck(gpu, control.Name(gpu))
                    {
                        RequestedPowerLimit = requestedLimit,
                        EnforcedPowerLimit = control.GetEnforcedPowerLimit(gpu),
                        RequestedClockCap = requestedCap,
                        SmClock = control.GetSmClock(gpu),
                        Throttle = control.GetThrottleReasons(gpu),
                        TemperatureStart = i < start.Length ? start[i] : null,
                        TemperatureEnd = control.GetTemperature(gpu),
                        AveragePower = averagePower(gpus.Count),
                    }
            ),
        ];

    private ImmutableArray<Temperature> Temperatures() => [.. gpus.Select(control.GetTemperature)];
}
