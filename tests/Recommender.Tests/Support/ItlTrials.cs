using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// Trials of a median-ITL SLO for the verdict tests, and the search's repeated looks: a configuration measured again
/// and judged after every trial, stopped at its first pass.
/// </summary>
public static class ItlTrials
{
    /// <summary>The metric the trials carry (a median ITL).</summary>
    public const string Metric = "itl_p50_ms";

    /// <summary>One trial: its median ITL (ms) and 1 J/token.</summary>
    public static Observation Trial(Configuration configuration, double itl) =>
        new(configuration, ImmutableDictionary<string, double>.Empty.Add(Metric, itl).Add("energy_per_token_j", 1.0));

    /// <summary>
    /// Whether <paramref name="configuration"/> passes a median ITL bound of <paramref name="boundMs"/> at one of
    /// <paramref name="looks"/> trials drawn from <paramref name="draw"/>, each added to <paramref name="trials"/>
    /// (the search's other trials, which give the pooled spread) and the pooled verdict judged after each.
    /// </summary>
    public static bool PassesWithin(
        List<Observation> trials,
        Configuration configuration,
        Func<double> draw,
        double boundMs,
        int looks = 10
    )
    {
        for (var n = 0; n < looks; n++)
        {
            trials.Add(Trial(configuration, draw()));
            var merged = RepeatedTrials
                .Merge(trials, Slos.ItlMedian(boundMs))
                .Single(o => o.Configuration.Equals(configuration));
            if (merged.Verdicts.GetValueOrDefault(Metric, SloVerdict.Undecided) == SloVerdict.Met)
            {
                return true;
            }
        }

        return false;
    }
}
