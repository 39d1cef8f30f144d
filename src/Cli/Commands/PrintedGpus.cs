using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Units;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// <c>apply --print --gpus</c>: the printed commands cover only the GPUs the run measured (one server's, from index
/// 0); a GPU it never measured is refused by name, as <c>apply --gpus</c> refuses one the host does not have.
/// </summary>
internal static class PrintedGpus
{
    /// <exception cref="OptionValueException">An index the run did not measure.</exception>
    public static void Check(TuningResult result, Configuration chosen, IReadOnlyList<int> gpus, string run)
    {
        var unmeasured = ApplyPlanBuilder.Unmeasured(result.Space, chosen, gpus);
        if (unmeasured.Count == 0)
        {
            return;
        }

        var count = ApplyPlanBuilder.GpuCount(result.Space, chosen);
        var measured = count == 1 ? "gpu0" : $"gpu0-gpu{count - 1}";
        throw new OptionValueException(
            $"--gpus names {string.Join(", ", unmeasured.Select(g => $"gpu{g}"))}, which run '{run}' did not "
                + $"measure: it covers {CountText.Of(count, "GPU")}, {measured}; print for those, or tune on the others"
        );
    }
}
