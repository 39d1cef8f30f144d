using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>Builders for observations in tests.</summary>
internal static class ObservationBuilder
{
    public static Observation Of(int batch, double latencyMs, double energy, string latencyMetric = "itl_p50_ms") =>
        new(
            Configuration.Of(("max_num_seqs", batch.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ImmutableDictionary<string, double>.Empty.Add(latencyMetric, latencyMs).Add("energy_per_token_j", energy)
        );
}
