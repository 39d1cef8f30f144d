using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// A served space of three max_num_seqs values under three SM clock caps, for the rules that read a trial's peaks
/// (its twins, and what falling behind its load rules out).
/// </summary>
public static class BatchClockSpace
{
    /// <summary>max_num_seqs 32, 64, 256 × sm_clock_cap_mhz 1410, 1710, 1980.</summary>
    public static readonly SearchSpace Space = new()
    {
        Name = "batch and clock",
        Target = "test",
        Knobs =
        [
            new Knob(
                "max_num_seqs",
                KnobKind.ServerBatchSize,
                [KnobValue.Of(32), KnobValue.Of(64), KnobValue.Of(256)],
                RestartsServer: true
            ),
            new Knob(
                "sm_clock_cap_mhz",
                KnobKind.GpuSmClockCap,
                [KnobValue.Of(1410), KnobValue.Of(1710), KnobValue.Of(1980)],
                RestartsServer: false
            ),
        ],
    };

    /// <summary>The configuration of this batch size and clock cap.</summary>
    public static Configuration Cap(int batch, int clock) =>
        Configuration.Of(
            ("max_num_seqs", batch.ToString(CultureInfo.InvariantCulture)),
            ("sm_clock_cap_mhz", clock.ToString(CultureInfo.InvariantCulture))
        );
}
