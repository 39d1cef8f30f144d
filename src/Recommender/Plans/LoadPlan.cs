using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// What to run at each load: GPU knobs per request-rate band over server knobs shared by every band (a server
/// restart to follow load costs more than it saves). Written as plan.json in the run folder (schema
/// <see cref="SchemaVersion"/>, read and written only by <see cref="LoadPlanJson"/>); <c>mlenergy govern</c> follows
/// it.
/// </summary>
/// <param name="Slo">The SLO text the plan was tuned for, as given (e.g. <c>p99 tpot&lt;=50ms</c>).</param>
/// <param name="SloMetric">The result metric name of the SLO's first constraint (e.g. <c>tpot_p99_ms</c>).</param>
/// <param name="SloBoundMs">That constraint's bound, ms.</param>
/// <param name="ServerKnobs">The server knobs shared by every band (batch size, parallelism...).</param>
/// <param name="Bands">Bands in increasing rate, contiguous from 0 up to the top level (<see
/// cref="TopLevelRequestsPerSecond"/>); a plan written before the last band named its end has none there.</param>
public sealed record LoadPlan(
    string Slo,
    string SloMetric,
    double SloBoundMs,
    Configuration ServerKnobs,
    IReadOnlyList<LoadBand> Bands
)
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// The confidence the bands' SLO verdicts were certified at; 95 % for a plan written before it was recorded.
    /// </summary>
    public SloConfidence Confidence { get; init; } = SloConfidence.Default;

    /// <summary>
    /// The highest offered rate the plan was tuned at (requests/s), its top band's level: above it the plan was not
    /// measured, and nothing says the top band's configuration carries the load or meets the SLO there.
    /// </summary>
    public double TopLevelRequestsPerSecond => Bands[^1].LevelRequestsPerSecond;

    /// <summary>Whether an offered rate (requests/s) is above every level the plan was measured at.</summary>
    public bool IsAboveTopLevel(double requestsPerSecond) => requestsPerSecond > TopLevelRequestsPerSecond;

    /// <summary>
    /// The band for an offered rate (requests/s); above the top level (<see cref="IsAboveTopLevel"/>) the top band,
    /// the most the plan has, though it was not measured there.
    /// </summary>
    public LoadBand BandFor(double requestsPerSecond) => Bands[BandIndexFor(requestsPerSecond)];

    /// <summary>The index of <see cref="BandFor"/>'s band.</summary>
    public int BandIndexFor(double requestsPerSecond)
    {
        for (var i = 0; i < Bands.Count; i++)
        {
            if (Bands[i].Contains(requestsPerSecond))
            {
                return i;
            }
        }

        return Bands.Count - 1;
    }
}
