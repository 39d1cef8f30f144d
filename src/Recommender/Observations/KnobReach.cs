using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Whether a knob that caps something the trial reads back bound it, from what the trial measured: the knob's setting
/// and the most the trial reached of what it caps. A GPU power limit is held against the highest power one serving GPU
/// drew in the meter's finest interval (<c>peak_power_per_gpu_w</c>; a window's average under light load sits far under
/// the peaks of its bursts, which a limit above the average still slows); a server's max_num_seqs against the largest
/// running batch (<c>peak_running_batch</c>); an SM clock cap against the highest SM clock the GPUs ran at
/// (<c>peak_sm_clock_mhz</c>). A setting at or above <see cref="LowestUnbound"/> never acted, so the trial ran as it
/// would have under any higher setting: configurations that differ only in such settings are one configuration. A
/// setting under it binds (or may have), and its configuration stays distinct.
/// </summary>
public readonly record struct KnobReach(double Setting, double Reached, double LowestUnbound)
{
    /// <summary>
    /// How far above the 10 ms peak power a limit must be not to bind: 10 %. On the simulated H100 host, 634 trials run
    /// under a limit at least 10 % above their own 10 ms peak were identical to the same seed under 700 W (four models
    /// at 1-3 req/s, 120 configurations each, two seeds); within 5 % one of 705 differed by 0.9 % in a latency.
    /// </summary>
    public const double PowerHeadroom = 0.10;

    /// <summary>
    /// How far above the largest running batch max_num_seqs must be not to bind: 10 %. The engine admits a sequence
    /// while fewer than max_num_seqs run, so a peak under it never met the cap; the simulated host counts every step,
    /// while a served trial samples vLLM's running gauge about once a second and can miss a step's peak, which the
    /// 10 % covers.
    /// </summary>
    public const double BatchHeadroom = 0.10;

    /// <summary>
    /// How far above the highest SM clock a cap must be not to bind: 2 %, about two of the GPU's 15 MHz clock steps at
    /// 1,500-2,000 MHz (a clock held under a cap by the power limit or the GPU's own boost reads at most one step above
    /// where it settles).
    /// </summary>
    public const double ClockHeadroom = 0.02;

    /// <summary>Whether the trial's own setting may have bound it.</summary>
    public bool Binds => Setting < LowestUnbound;

    /// <summary>
    /// What a trial reached of the cap <paramref name="knob"/> sets; null for a knob that caps nothing read back, where
    /// the trial did not read it, its measurement is not trusted (a validity gate other than too few samples failed),
    /// or it was a screening trial: its shorter window can miss the peak a full trial of the same configuration
    /// reaches, so a screening trial neither makes nor breaks a twin.
    /// </summary>
    public static KnobReach? Of(Observation trial, Knob knob) =>
        trial.Fidelity == TrialFidelity.Full
        && (!trial.Invalid || trial.ShortOfSamples)
        && Read(knob.Kind) is var (metric, headroom)
        && trial.Configuration.Number(knob.Name) is > 0 and var setting
        && trial.Metric(metric) is > 0 and var reached
            ? new KnobReach(setting, reached, reached * (1 + headroom))
            : null;

    /// <summary>Whether trials can tell that a knob of this kind did not bind.</summary>
    public static bool Caps(KnobKind kind) => Read(kind) is not null;

    private static (string Metric, double Headroom)? Read(KnobKind kind) =>
        kind switch
        {
            KnobKind.GpuPowerLimit => (MetricNames.PeakPowerPerGpu, PowerHeadroom),
            KnobKind.ServerBatchSize => (MetricNames.PeakRunningBatch, BatchHeadroom),
            KnobKind.GpuSmClockCap => (MetricNames.PeakSmClock, ClockHeadroom),
            _ => null,
        };
}
