using MLEnergy.Recommender.Knobs;

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
/// <param name="Bands">Bands in increasing rate, contiguous from 0; the last has no upper end.</param>
public sealed record LoadPlan(
    string Slo,
    string SloMetric,
    double SloBoundMs,
    Configuration ServerKnobs,
    IReadOnlyList<LoadBand> Bands
)
{
    public const int SchemaVersion = 1;

    /// <summary>The band for an offered rate (requests/s); the last band above every level.</summary>
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
