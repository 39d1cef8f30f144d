using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// What makes two runs the same tuning problem: space, target, model, GPU, SLO, pinned knobs, and the load and
/// workload the trials are measured under (the request's, else the space's). Trials measured under another load are
/// another problem: resume must not mix them into one run, and a nightly check must not call a change of load drift.
/// </summary>
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
            ),
            "load=" + (request.Load ?? space.Load),
            "workload=" + (request.Workload ?? space.Workload ?? "-")
        );
}
