using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>Runs and trials for store tests.</summary>
internal static class StoreRecords
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public static RunRecord Run(
        string id,
        string host = "host-a",
        string model = "Qwen/Qwen3-8B",
        RunKind kind = RunKind.Tune,
        int minutes = 0
    ) =>
        new(
            id,
            host,
            $"space|target|{model}",
            "space",
            "replay:x",
            model,
            "H100",
            "p50 itl<=30ms",
            $"/runs/{id}",
            kind,
            Start.AddMinutes(minutes)
        );

    public static Observation Trial(int batch, double itl, double energy) =>
        new(
            Configuration.Of(("max_num_seqs", batch.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", itl).Add("energy_per_token_j", energy)
        );

    public static RunCompletion Completion(string? recommended, double? energy, int minutes = 5) =>
        new(Start.AddMinutes(minutes), "energy_per_token_j", "itl_p50_ms", recommended, energy, 20, 50);
}
