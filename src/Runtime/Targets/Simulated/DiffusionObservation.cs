using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Trials;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Simulation.Diffusion;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Turns a simulated diffusion trial into an observation through the <see cref="ObservationBuilder"/> every target
/// uses: the same metrics a published text-to-image or text-to-video row carries (batch latency, energy per image
/// or video, power, throughput). The host has no GPU telemetry to gate, so every validity gate is named skipped.
/// </summary>
internal static class DiffusionObservation
{
    public static MetricDefinition EnergyMetric(DiffusionModel model) =>
        model.IsVideo ? MetricCatalogue.EnergyPerVideo : MetricCatalogue.EnergyPerImage;

    public static IReadOnlyCollection<string> Names(DiffusionModel model) =>
        ObservationBuilder.DiffusionMetrics(EnergyMetric(model));

    /// <param name="batches">Batches measured back to back after one warm-up batch.</param>
    public static Observation From(
        Configuration configuration,
        DiffusionModel model,
        DiffusionTrialResult batch,
        int batches,
        TrialFidelity fidelity
    )
    {
        if (!batch.Feasible)
        {
            return Observation.Infeasible(configuration, batch.InfeasibleReason ?? "infeasible") with
            {
                Fidelity = fidelity,
            };
        }

        var observation = new ObservationBuilder()
            .Batches(
                EnergyMetric(model),
                [.. Enumerable.Repeat(batch.BatchLatency, batches)],
                batch.Config.BatchSize,
                Energy.FromJoules(batch.EnergyJoules * batches),
                batch.Config.GpuCount
            )
            .Build(configuration);
        return observation with
        {
            Fidelity = fidelity,
            HostTime = batch.BatchLatency * (batches + 1),
            GatesSkipped = ValidityGates.All,
        };
    }
}
