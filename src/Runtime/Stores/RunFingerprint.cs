using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// What makes two runs the same tuning problem: space, target, model, GPU, SLO, pinned knobs, the throughput floor
/// (when it applies and is not the default, capacity-neutral one), the SLO's confidence (when not the default 95 %:
/// another level certifies other configurations) and the load and workload the trials are measured
/// under (the request's, else the space's). Trials measured under another load are another problem: resume must not
/// mix them into one run, and a nightly check must not call a change of load drift. Hosts of a fleet are comparable
/// when everything but where they ran is the same (<see cref="Comparable"/>).
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
        )
        + Floor(ThroughputFloors.For(request, space))
        + Confidence(request.Slo.Confidence);

    private const string LoadPrefix = "load=";

    private const string WorkloadPrefix = "workload=";

    private const string FloorPrefix = "floor=";

    private const string PlanPrefix = "plan:";

    private const string ConfidencePrefix = "confidence=";

    /// <summary>
    /// The floor's part: none for the default (so that runs from before the floor was named keep their fingerprint)
    /// and none under a rate-driven load, where no floor applies.
    /// </summary>
    private static string Floor(ThroughputFloor floor) =>
        floor.RateDriven || floor.Equals(ThroughputFloor.Baseline) ? string.Empty : $"|{FloorPrefix}{floor}";

    /// <summary>
    /// The confidence's part: none for the default 95 %, so that runs from before the level was chosen keep their
    /// fingerprint; another level is another problem (resume starts a new run, a study refuses the worker, a nightly
    /// check compares only with runs certified at its level).
    /// </summary>
    private static string Confidence(SloConfidence confidence) =>
        confidence.Equals(SloConfidence.Default) ? string.Empty : $"|{ConfidencePrefix}{confidence}";

    /// <summary>
    /// The one definition of comparable hosts: the run's fingerprint with the target's address left out (each host
    /// serves at its own), keeping its kind (a simulated or replayed run is not compared with measured hosts). Every
    /// other part (space, model, GPU, SLO, pins, floor, load, workload, plan level) changes what may be recommended.
    /// </summary>
    public static string Comparable(RunRecord run) =>
        Rest(run) is { } rest ? string.Join("|", run.Space, TargetKind(run.Target), rest) : run.Fingerprint;

    /// <summary>
    /// What a comparison group's header names beyond model, GPU and SLO, as people read them (<c>space s, load
    /// poisson:4</c>, <c>space s, pinned max_num_seqs=8,16, --min-throughput 90%, load saturate, workload gpqa</c>).
    /// </summary>
    public static string Conditions(RunRecord run)
    {
        var parts = (Rest(run) ?? string.Join("|", run.Fingerprint.Split('|').Skip(5))).Split('|');
        var named = new List<string> { $"space {run.Space}" };
        if (TargetKind(run.Target) is var kind && kind != ServedHost)
        {
            named.Add($"target {kind}");
        }

        named.AddRange(
            parts
                .Select(
                    (p, i) =>
                        i == 0 ? (p.Length == 0 ? null : $"pinned {p}")
                        : p.StartsWith(LoadPrefix, StringComparison.Ordinal) ? $"load {p[LoadPrefix.Length..]}"
                        : p.StartsWith(WorkloadPrefix, StringComparison.Ordinal)
                            ? p == WorkloadPrefix + "-" ? null
                                : $"workload {p[WorkloadPrefix.Length..]}"
                        : p.StartsWith(FloorPrefix, StringComparison.Ordinal)
                            ? $"--min-throughput {p[FloorPrefix.Length..]}"
                        : p.StartsWith(PlanPrefix, StringComparison.Ordinal) ? PlanLevel(p[PlanPrefix.Length..])
                        : p.StartsWith(ConfidencePrefix, StringComparison.Ordinal)
                            ? $"--confidence {p[ConfidencePrefix.Length..]}"
                        : p.Length == 0 ? null
                        : $"server {p}"
                )
                .OfType<string>()
        );
        return string.Join(", ", named);
    }

    private const string ServedHost = "host";

    /// <summary><c>3,12@12</c>: the level at 12 requests/s of the plan for 3 and 12.</summary>
    private static string PlanLevel(string text) =>
        text.Split('@') is [var rates, var rate] ? $"level {rate} requests/s of the plan for {rates}" : $"plan {text}";

    /// <summary>The fingerprint after space, target, model, GPU and SLO; null when it starts otherwise.</summary>
    private static string? Rest(RunRecord run)
    {
        var head = string.Join("|", run.Space, run.Target, run.Model ?? "-", run.Gpu ?? "-", run.Slo) + "|";
        return run.Fingerprint.StartsWith(head, StringComparison.Ordinal) ? run.Fingerprint[head.Length..] : null;
    }

    private static string TargetKind(string target)
    {
        try
        {
            return TargetSpec.Parse(target).HasHost ? ServedHost : target;
        }
        catch (TargetException)
        {
            return target;
        }
    }
}
