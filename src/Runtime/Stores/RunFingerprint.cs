using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Runtime.Stores;

/// <summary>What makes two runs the same tuning problem: space, target, model, GPU, SLO and pinned knobs.</summary>
public static class RunFingerprint
{
    public static string Of(OptimizeRequest request, SearchSpace space) =>
        string.Join(
            "|",
            space.Name,
            request.Target?.Text ?? space.Target,
            space.Model ?? "-",
            request.Gpu ?? space.GpuModel ?? "-",
            request.Slo.ToString(),
            string.Join(
                ";",
                request.Pins.Select(p => $"{p.Knob}={string.Join(",", p.Values)}").Order(StringComparer.Ordinal)
            )
        );
}
