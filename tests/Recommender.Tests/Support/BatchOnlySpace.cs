using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// A space of one knob, <c>max_num_seqs</c> from 8 to 1024 by doubling, and trials of it given as a batch size, a
/// median ITL and an energy per token: for tests of the search's decisions on hand-made evidence.
/// </summary>
public static class BatchOnlySpace
{
    public static SearchSpace Batches { get; } =
        new()
        {
            Name = "batches",
            Target = "synthetic",
            Knobs =
            [
                new Knob(
                    SyntheticSpaces.Batch,
                    KnobKind.ServerBatchSize,
                    [.. new[] { 8.0, 16, 32, 64, 128, 256, 512, 1024 }.Select(KnobValue.Of)],
                    true
                ),
            ],
        };

    public static Configuration Batch(int size) =>
        Configuration.Of((SyntheticSpaces.Batch, size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static Observation Trial(int batch, double itl, double energy) =>
        new(
            Batch(batch),
            ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", itl).Add("energy_per_token_j", energy)
        );
}
