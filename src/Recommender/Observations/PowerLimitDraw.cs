using MLEnergy.Recommender.Metrics;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Whether a GPU power limit binds, from what a trial measured: the limit it ran under and the highest power one
/// serving GPU drew in the meter's finest interval (<c>peak_power_per_gpu_w</c>). The limit is held against power
/// averaged over a short interval, not over the trial's window: a window's average under light load sits far under the
/// peaks of its bursts, which a limit above the average still slows. A limit at least <see cref="Headroom"/> above
/// the peak never acted, so the trial ran as it would have under any higher limit: configurations that differ only in
/// limits at or above <see cref="LowestUnbound"/> are one configuration. A limit under it binds (or may have), and its
/// configuration stays distinct.
/// </summary>
public readonly record struct PowerLimitDraw(Power Limit, Power Peak)
{
    /// <summary>
    /// How far above the peak a limit must be not to bind: 10 %. On the simulated H100 host, 634 trials run under a
    /// limit at least 10 % above their own 10 ms peak were identical to the same seed under 700 W (four models at
    /// 1-3 req/s, 120 configurations each, two seeds); within 5 % one of 705 differed by 0.9 % in a latency.
    /// </summary>
    public const double Headroom = 0.10;

    /// <summary>The lowest limit that does not bind at this peak.</summary>
    public Power LowestUnbound => Power.FromWatts(Peak.Watts * (1 + Headroom));

    /// <summary>Whether the trial's own limit may have slowed it.</summary>
    public bool Binds => Limit < LowestUnbound;

    /// <summary>
    /// The draw of a trial run under the power limit knob <paramref name="limitKnob"/>; null where the trial did not
    /// measure its peak or its measurement is not trusted (a validity gate other than too few samples failed).
    /// </summary>
    public static PowerLimitDraw? Of(Observation trial, string limitKnob) =>
        (!trial.Invalid || trial.ShortOfSamples)
        && trial.Configuration.Number(limitKnob) is > 0 and var limit
        && trial.Metric(MetricNames.PeakPowerPerGpu) is > 0 and var peak
            ? new PowerLimitDraw(Power.FromWatts(limit), Power.FromWatts(peak))
            : null;
}
