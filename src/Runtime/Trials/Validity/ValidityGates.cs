using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// The validity gates of a trial, in one place: the window long enough for the energy counter, enough samples for
/// every SLO verdict, a full running batch under a saturating load, a load generator that kept its schedule,
/// plausible GPU power and temperature for the GPU kind, and the settings in force the ones requested (enforced power
/// limit, SM clock under its cap, no thermal or hardware slowdown). Gates that need GPU telemetry are skipped, and
/// named, where there is none.
/// </summary>
public static class ValidityGates
{
    public const string WindowGate = "window";
    public const string SamplesGate = "samples";
    public const string BatchGate = "batch occupancy";
    public const string ScheduleGate = "load schedule";
    public const string PowerGate = "power";
    public const string TemperatureGate = "temperature";
    public const string SettingGate = "setting in force";
    public const string ThrottleGate = "throttle reasons";

    /// <summary>The gates that read the GPUs.</summary>
    public static ImmutableArray<string> GpuGates { get; } = [PowerGate, TemperatureGate, SettingGate, ThrottleGate];

    /// <summary>Every gate, in the order they are checked (a replayed measurement stands as published).</summary>
    public static ImmutableArray<string> All { get; } = [WindowGate, SamplesGate, BatchGate, ScheduleGate, .. GpuGates];

    public static TrialValidity Check(TrialEvidence evidence, ValidityThresholds thresholds, GpuPowerBounds bounds)
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        if (evidence.Window < thresholds.MinWindow)
        {
            reasons.Add(
                Invariant($"steady-state window {evidence.Window.TotalSeconds:0.###} s is shorter than ")
                    + Invariant($"{thresholds.MinWindow.TotalSeconds:0.###} s (100 updates of the energy counter)")
            );
        }

        var shortOfSamples = evidence.Samples.Where(s => !s.Decided && s.Seen < s.Needed).ToList();
        foreach (var samples in shortOfSamples)
        {
            reasons.Add(
                $"the window holds {CountText.Of(samples.Seen, "sample")} of {samples.Metric}; its verdict needs "
                    + Invariant($"{samples.Needed}")
            );
        }

        if (
            evidence.Saturating
            && !evidence.ServerQueued
            && evidence.BatchOccupancy is { } occupancy
            && occupancy < thresholds.MinBatchOccupancy
        )
        {
            reasons.Add(
                Invariant($"batch {occupancy:P0} occupied (running batch over max_num_seqs, or KV cache held) ")
                    + Invariant($"under a saturating load (from {evidence.BatchSource}), ")
                    + Invariant($"below {thresholds.MinBatchOccupancy:P0}")
            );
        }

        ImmutableArray<string> scheduleReasons =
            evidence.Lateness is { } lateness && lateness.FellBehind(thresholds) ? [lateness.Describe()] : [];
        reasons.AddRange(scheduleReasons);
        if (!evidence.GpuTelemetry)
        {
            return new TrialValidity(reasons.ToImmutable(), GpuGates)
            {
                OnlyShortOfSamples = shortOfSamples.Count > 0 && reasons.Count == shortOfSamples.Count,
                ScheduleReasons = scheduleReasons,
            };
        }

        ImmutableArray<string> gpuReasons = [.. evidence.Gpus.SelectMany(gpu => Gpu(gpu, thresholds, bounds))];
        reasons.AddRange(gpuReasons);
        return new TrialValidity(reasons.ToImmutable(), [])
        {
            OnlyShortOfSamples = shortOfSamples.Count > 0 && reasons.Count == shortOfSamples.Count,
            ScheduleReasons = scheduleReasons,
            GpuReasons = gpuReasons,
        };
    }

    private static IEnumerable<string> Gpu(GpuCheck gpu, ValidityThresholds thresholds, GpuPowerBounds bounds)
    {
        var name = $"gpu{gpu.Gpu}";
        if (gpu.RequestedPowerLimit is { } requested && gpu.EnforcedPowerLimit is { } enforced)
        {
            if (Math.Abs(enforced.Watts - requested.Watts) > thresholds.PowerLimitTolerance.Watts)
            {
                yield return Invariant($"{name} power limit not in force: requested {requested.Watts:0.#} W, ")
                    + Invariant($"enforced {enforced.Watts:0.#} W");
            }
        }

        if (gpu.RequestedClockCap is { } cap && gpu.SmClock is { } clock && clock > Sum(cap, thresholds))
        {
            yield return Invariant(
                $"{name} SM clock cap not in force: requested {cap.Megahertz:0} MHz, read {clock.Megahertz:0} MHz"
            );
        }

        if ((gpu.Throttle & thresholds.Flagged) is var flagged and not ClockThrottleReasons.None)
        {
            yield return $"{name} slowed itself down ({flagged}), not by the requested setting";
        }

        foreach (var (when, reading) in new[] { ("start", gpu.TemperatureStart), ("end", gpu.TemperatureEnd) })
        {
            if (reading is { } t && (t < thresholds.MinTemperature || t > thresholds.MaxTemperature))
            {
                yield return Invariant($"{name} temperature {t.Celsius:0.#} °C at the {when} is outside ")
                    + Invariant($"{thresholds.MinTemperature.Celsius:0}-{thresholds.MaxTemperature.Celsius:0} °C");
            }
        }

        if (gpu.AveragePower is { } power && bounds.Find(gpu.Kind) is { } kind)
        {
            var low = kind.Idle.Watts * thresholds.MinPowerOfIdle;
            var high = kind.MaxLimit.Watts * thresholds.MaxPowerOfLimit;
            if (power.Watts < low || power.Watts > high)
            {
                yield return Invariant(
                    $"{name} average power {power.Watts:0.#} W is outside {low:0.#}-{high:0.#} W for {gpu.Kind}"
                );
            }
        }
    }

    private static Units.Frequency Sum(Units.Frequency cap, ValidityThresholds thresholds) =>
        Units.Frequency.FromMegahertz(cap.Megahertz + thresholds.ClockTolerance.Megahertz);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
