using System.Globalization;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Reports;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// A plan as NVIDIA Dynamo's static GPU power cap (the <c>dynamo.nvidia.com/gpu-power-limit</c> pod annotation). A
/// static cap must hold at every load the plan measured, so it is the top band's limit (the band tuned for the highest
/// rate; above that rate nothing was measured); the lower bands' savings need the governor.
/// </summary>
public static class DynamoAnnotation
{
    public static IEnumerable<string> Lines(LoadPlan plan) =>
        ApplySnippets.DynamoAnnotation(
            plan.Bands[^1].PowerLimitWatts is { } watts
                ? Math.Round(watts).ToString("0", CultureInfo.InvariantCulture)
                : null,
            "the plan's top band keeps the GPUs' default power limit"
        );
}
