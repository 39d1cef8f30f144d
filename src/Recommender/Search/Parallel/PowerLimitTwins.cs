using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search.Parallel;

/// <summary>
/// Configurations that differ only in the GPU power limit are one configuration where neither limit binds: a limit
/// the GPUs draw well under changes nothing. The draw is read from the finished trials of the same other knobs under
/// a limit that did not bind (at least <see cref="Headroom"/> under it; per GPU: <c>avg_power_per_gpu_w</c>, or
/// <c>avg_power_w</c> over the GPUs the tensor-parallel and replica knobs ask for; the highest such draw), and every
/// limit at least <see cref="Headroom"/> above it is a twin. Only the accounting of trials being measured treats twins
/// as one (<see cref="ConstantLiar"/>): a worker does not measure a twin of a configuration another worker is
/// measuring.
/// </summary>
public static class PowerLimitTwins
{
    /// <summary>How far under a limit a draw must stay for the limit not to bind.</summary>
    public const double Headroom = 0.10;

    public static bool AreTwins(
        SearchSpace space,
        IReadOnlyList<Observation> observations,
        Configuration a,
        Configuration b
    ) =>
        !a.Equals(b)
        && LimitKnob(space) is { } knob
        && b.TryGet(knob.Name, out var limit)
        && a.With(knob.Name, limit).Equals(b)
        && Unbound(space, observations, knob, a).Contains(limit)
        && Unbound(space, observations, knob, a).Contains(a[knob.Name]);

    /// <summary>The unmeasured twins of <paramref name="configuration"/> among the state's candidates.</summary>
    public static IEnumerable<Configuration> Of(SearchState state, Configuration configuration)
    {
        if (LimitKnob(state.Space) is not { } knob || !configuration.TryGet(knob.Name, out var own))
        {
            return [];
        }

        var unbound = Unbound(state.Space, [.. state.Measurements], knob, configuration);
        return unbound.Contains(own)
            ? unbound
                .Where(v => v != own)
                .Select(v => configuration.With(knob.Name, v))
                .Where(c => !state.IsMeasured(c) && state.Candidates.Contains(c))
                .ToList()
            : [];
    }

    private static Knob? LimitKnob(SearchSpace space) =>
        space.Knobs.FirstOrDefault(k => k.Kind == KnobKind.GpuPowerLimit && !k.IsPinned);

    /// <summary>The limits that do not bind with these other knobs: at least the headroom above their draw.</summary>
    private static IReadOnlyList<KnobValue> Unbound(
        SearchSpace space,
        IReadOnlyList<Observation> observations,
        Knob knob,
        Configuration configuration
    ) =>
        Draw(space, observations, knob.Name, configuration) is { } draw
            ? [.. knob.Values.Where(v => v.Number >= draw * (1 + Headroom))]
            : [];

    /// <summary>The highest per-GPU draw of a trial of these other knobs under a limit it did not reach.</summary>
    private static double? Draw(
        SearchSpace space,
        IReadOnlyList<Observation> observations,
        string limit,
        Configuration configuration
    ) =>
        observations
            .Where(o => o.Feasible && o.Configuration.Number(limit) is > 0)
            .Where(o => o.Configuration.With(limit, configuration[limit]).Equals(configuration))
            .Select(o => (Limit: o.Configuration.Number(limit)!.Value, Draw: PerGpu(space, o)))
            .Where(t => t.Draw is > 0 && t.Draw <= t.Limit * (1 - Headroom))
            .Max(t => t.Draw);

    private static double? PerGpu(SearchSpace space, Observation observation) =>
        observation.Metric(MetricNames.AveragePowerPerGpu)
        ?? observation.Metric(MetricNames.AveragePower)
            / space
                .Knobs.Where(k => k.Kind is KnobKind.TensorParallel or KnobKind.Replicas)
                .Aggregate(1.0, (gpus, k) => gpus * (observation.Configuration.Number(k.Name) ?? 1));
}
