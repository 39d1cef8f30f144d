using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// The built-in space fitted to the GPU a run names: its clock-cap and power-limit knobs span the same share of that
/// GPU's range as they span of the H100's (caps from 39 % of the top clock to the top in 10 steps of the GPU's clock
/// step; limits from 3/7 of the default limit to the default in 5 steps), and the baseline is the GPU's top clock
/// and default power limit, as a host runs out of the box.
/// </summary>
public static class GpuFittedSpace
{
    public const int ClockLevels = 10;

    /// <summary>The lowest cap as a share of the top clock: 765 of the H100's 1,980 MHz.</summary>
    public const double LowestClockShare = 765.0 / 1980.0;

    public const int PowerLevels = 5;

    /// <summary>The lowest limit as a share of the default: 300 of the H100's 700 W.</summary>
    public const double LowestPowerShare = 300.0 / 700.0;

    public static SearchSpace Fit(SearchSpace space, GpuKind gpu)
    {
        var clocks = Clocks(gpu.SmClock);
        var limits = Limits(gpu.PowerLimit);
        var knobs = space.Knobs.Select(k =>
            k.Kind switch
            {
                KnobKind.GpuSmClockCap => k with { Values = clocks },
                KnobKind.GpuPowerLimit => k with { Values = limits },
                _ => k,
            }
        );
        var baseline = space.Baseline;
        foreach (var knob in space.Knobs)
        {
            baseline = knob.Kind switch
            {
                KnobKind.GpuSmClockCap when baseline is not null => baseline.With(knob.Name, clocks[^1]),
                KnobKind.GpuPowerLimit when baseline is not null => baseline.With(knob.Name, limits[^1]),
                _ => baseline,
            };
        }

        var renamed = space.GpuModel is { } named && named != gpu.Id;
        return space with
        {
            Knobs = [.. knobs],
            Baseline = baseline,
            Name = renamed ? $"sim-{gpu.Id.ToLowerInvariant()}-llm" : space.Name,
            Description = renamed
                ? $"{space.Description} Clock and power knobs fitted to the {gpu.Id}."
                : space.Description,
        };
    }

    public static ImmutableArray<KnobValue> Clocks(ClockRange range)
    {
        var span = range.MaxMhz * (1 - LowestClockShare);
        var step = Math.Max(1, (int)Math.Round(span / (ClockLevels - 1) / range.StepMhz)) * range.StepMhz;
        return
        [
            .. Enumerable
                .Range(0, ClockLevels)
                .Select(i => range.MaxMhz - ((ClockLevels - 1 - i) * step))
                .Where(mhz => mhz >= range.MinMhz)
                .Select(mhz => KnobValue.Of(mhz)),
        ];
    }

    public static ImmutableArray<KnobValue> Limits(PowerLimitRange range)
    {
        var low = Math.Max(range.MinWatts, Math.Round(range.DefaultWatts * LowestPowerShare / 10) * 10);
        var step = (range.DefaultWatts - low) / (PowerLevels - 1);
        return
        [
            .. Enumerable
                .Range(0, PowerLevels)
                .Select(i => i == PowerLevels - 1 ? range.DefaultWatts : Math.Round((low + (i * step)) / 5) * 5)
                .Distinct()
                .Select(KnobValue.Of),
        ];
    }
}
