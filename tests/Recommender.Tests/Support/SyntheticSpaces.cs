using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// Search spaces for the synthetic host: clock cap × power limit × batch size at chosen granularities.
/// </summary>
public static class SyntheticSpaces
{
    public const string Clock = "gpu_clock";
    public const string PowerLimit = "power_limit";
    public const string Batch = "max_num_seqs";

    /// <summary>About 2,600 configurations: clock every 30 MHz, power limit every 100 W, 8 batch sizes.</summary>
    public static SearchSpace H100() => Build("synthetic-h100", 30, 100, [8, 16, 32, 64, 128, 256, 384, 512]);

    /// <summary>About 1,000, 10,000 or 100,000 configurations, by finer knob levels.</summary>
    public static SearchSpace OfSize(int approximate) =>
        approximate switch
        {
            <= 2_000 => Build("synthetic-1k", 60, 100, [8, 16, 32, 64, 128, 256]),
            <= 20_000 => Build("synthetic-10k", 15, 50, [8, 16, 24, 32, 48, 64, 128, 256, 512]),
            _ => Build("synthetic-100k", 15, 20, [.. Enumerable.Range(0, 35).Select(k => 8.0 + (15 * k))]),
        };

    /// <summary>A tiny space: 3 clocks × 4 batch sizes at full power.</summary>
    public static SearchSpace Tiny() =>
        Build("synthetic-tiny", 600, 1000, [16, 64, 256, 512]) with
        {
            Knobs =
            [
                Knob(Clock, KnobKind.GpuSmClockCap, [780, 1380, 1980], false),
                Knob(Batch, KnobKind.ServerBatchSize, [16, 64, 256, 512], true),
            ],
            Baseline = null,
        };

    private static SearchSpace Build(string name, double clockStep, double powerStep, double[] batches) =>
        new()
        {
            Name = name,
            Target = "synthetic",
            Knobs =
            [
                Knob(
                    Clock,
                    KnobKind.GpuSmClockCap,
                    [
                        .. KnobRange
                            .Expand(SyntheticServingPhysics.MinClockMhz, SyntheticServingPhysics.MaxClockMhz, clockStep)
                            .Select(v => v.Number!.Value),
                    ],
                    false
                ),
                Knob(
                    PowerLimit,
                    KnobKind.GpuPowerLimit,
                    [.. KnobRange.Expand(200, 700, powerStep).Select(v => v.Number!.Value)],
                    false
                ),
                Knob(Batch, KnobKind.ServerBatchSize, batches, true),
            ],
            Baseline = Configuration.Of((Clock, "1980"), (PowerLimit, "700"), (Batch, "64")),
        };

    private static Knob Knob(string name, KnobKind kind, double[] values, bool restarts) =>
        new(name, kind, [.. values.Select(KnobValue.Of)], restarts);
}
