using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// One request-rate band of a <see cref="LoadPlan"/>: offered rates above <see cref="FromRequestsPerSecond"/> and at
/// most <see cref="ToRequestsPerSecond"/> are served with <see cref="Configuration"/>, tuned at
/// <see cref="LevelRequestsPerSecond"/>, the band's upper end (null on the last band of a plan written before the
/// last band named it: <see cref="UpTo"/> reads its level then).
/// </summary>
/// <param name="LevelRequestsPerSecond">The offered rate (requests/s) this band was tuned at.</param>
/// <param name="Configuration">The whole configuration, server knobs included (the plan's shared ones).</param>
/// <param name="SmClockCapMhz">The SM clock cap to set in this band, MHz; null: no cap (the GPU's default).</param>
/// <param name="PowerLimitWatts">The per-GPU power limit to set while in this band, W; null: the GPU's default.</param>
/// <param name="EnergyPerTokenJoules">Measured energy per output token at the level, J/token; this and the three
/// measurements after it are null when no valid trial with the plan's server knobs was measured at the level.</param>
/// <param name="LatencyMs">The plan's SLO metric (its first constraint) measured at the level, ms.</param>
/// <param name="ThroughputTokensPerSecond">Measured output tokens/s at the level.</param>
/// <param name="AveragePowerWatts">Measured power of all serving GPUs at the level, W (<c>avg_power_w</c>).</param>
/// <param name="Verdict">The configuration's verdict on the whole SLO at the level (<see cref="SloJudge.Overall"/>):
/// met, missed, or undecided (too few requests to tell, or no valid trial measured the band).</param>
public sealed record LoadBand(
    double FromRequestsPerSecond,
    double? ToRequestsPerSecond,
    double LevelRequestsPerSecond,
    Configuration Configuration,
    double? SmClockCapMhz,
    double? PowerLimitWatts,
    double? EnergyPerTokenJoules,
    double? LatencyMs,
    double? ThroughputTokensPerSecond,
    double? AveragePowerWatts,
    SloVerdict Verdict
)
{
    /// <summary>Whether an offered rate (requests/s) falls in this band: above its start (0 included) and at most its
    /// end.</summary>
    public bool Contains(double requestsPerSecond) =>
        (requestsPerSecond > FromRequestsPerSecond || (FromRequestsPerSecond == 0 && requestsPerSecond >= 0))
        && (ToRequestsPerSecond is not { } to || requestsPerSecond <= to);

    /// <summary>The band's upper end as people read it: the rate it was tuned at when the plan names no end.</summary>
    public double UpTo => ToRequestsPerSecond ?? LevelRequestsPerSecond;

    /// <summary>Whether the configuration met every SLO constraint at the level.</summary>
    public bool MeetsSlo => Verdict == SloVerdict.Met;

    /// <summary>Whether a valid trial at the level measured this band (else it keeps the GPU's defaults).</summary>
    public bool Measured => EnergyPerTokenJoules is not null;
}
