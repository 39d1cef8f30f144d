using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// The thresholds of the validity gates a trial must pass for its measurement to count (after ML.ENERGY's result
/// validation and MLPerf's submission checker). One place; README's "Validity gates" table lists them.
/// </summary>
public sealed record ValidityThresholds
{
    public static ValidityThresholds Default { get; } = new();

    /// <summary>
    /// The shortest steady-state window: 10 s is 100 updates of NVML's energy counter (it moves every 20-100 ms), so
    /// that the counter's staleness at the two ends (at most one update each) is at most 2 % of the window's energy.
    /// </summary>
    public TimeSpan MinWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Under a saturating load the running batch must average at least this share of max_num_seqs.</summary>
    public double MinBatchOccupancy { get; init; } = 0.8;

    /// <summary>A GPU's average power below this share of its kind's idle power is not a plausible reading.</summary>
    public double MinPowerOfIdle { get; init; } = 0.5;

    /// <summary>A GPU's average power above this share of its kind's largest power limit is not plausible.</summary>
    public double MaxPowerOfLimit { get; init; } = 1.1;

    public Temperature MinTemperature { get; init; } = Temperature.FromCelsius(0);

    public Temperature MaxTemperature { get; init; } = Temperature.FromCelsius(100);

    /// <summary>How far the enforced power limit may be from the requested one.</summary>
    public Power PowerLimitTolerance { get; init; } = Power.FromWatts(1);

    /// <summary>How far above the requested cap the SM clock may be read (one 15 MHz clock step).</summary>
    public Frequency ClockTolerance { get; init; } = Frequency.FromMegahertz(15);

    /// <summary>Clock-event reasons that mean the GPU slowed itself (heat, hardware), not the requested cap.</summary>
    public ClockThrottleReasons Flagged { get; init; } =
        ClockThrottleReasons.HardwareSlowdown
        | ClockThrottleReasons.SoftwareThermalSlowdown
        | ClockThrottleReasons.HardwareThermalSlowdown
        | ClockThrottleReasons.HardwarePowerBrakeSlowdown;

    /// <summary>A trial starting this much hotter than the baseline trial did waits for the GPUs to cool.</summary>
    public double SettleMarginCelsius { get; init; } = 5;

    /// <summary>The longest a trial waits for the GPUs to cool.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan SettlePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A request of a rate-driven load sent more than this after its due time counts as late, unless half the mean gap
    /// between arrivals is longer (<see cref="LateSendOfMeanGap"/>): several times the delays a client on an idle
    /// machine shows (timer wake-ups and garbage collection pauses of a few ms; README, "Validity gates").
    /// </summary>
    public TimeSpan LateSendFloor { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The share of the stated rate's mean gap between arrivals (1 / rate) a request may go out late before it counts
    /// as late: half a gap late closes half the room to its neighbour, so that arrivals bunch.
    /// </summary>
    public double LateSendOfMeanGap { get; init; } = 0.5;

    /// <summary>
    /// Past this share of late requests in the window the load generator fell behind its schedule: the trial measured
    /// a load other than the one stated and is invalid (<see cref="SendLateness"/>).
    /// </summary>
    public double MaxLateShare { get; init; } = 0.05;

    /// <summary>How many times an invalid trial is measured again before it is reported as invalid.</summary>
    public int Repeats { get; init; } = 1;
}
