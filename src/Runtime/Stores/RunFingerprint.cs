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
            LoadPrefix + (request.Load ?? space.Load),
            WorkloadPrefix + (request.Workload ?? space.Workload ?? "-")
        );

    private const string LoadPrefix = "load=";

    private const string WorkloadPrefix = "workload=";

    /// <summary>
    /// The load and workload a fingerprint names, as people read them (<c>load poisson:4</c>, <c>load saturate,
    /// workload gpqa</c>); null for a fingerprint written before runs named them.
    /// </summary>
    public static string? Conditions(string fingerprint)
    {
        var parts = fingerprint.Split('|');
        var load = parts.FirstOrDefault(p => p.StartsWith(LoadPrefix, StringComparison.Ordinal));
        var workload = parts.FirstOrDefault(p => p.StartsWith(WorkloadPrefix, StringComparison.Ordinal));
        return load is null ? null
            : workload is null or "workload=-" ? $"load {load[LoadPrefix.Length..]}"
            : $"load {load[LoadPrefix.Length..]}, workload {workload[WorkloadPrefix.Length..]}";
    }
}
