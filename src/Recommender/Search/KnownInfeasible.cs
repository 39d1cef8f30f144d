using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Configurations a trial of another one already proved unable to run for want of GPU memory, so that none of them
/// needs a trial of its own. Memory per GPU only grows as a replica has fewer GPUs: weights that do not fit on a
/// replica's GPUs do not fit on fewer of them; a KV cache that cannot hold one longest sequence, or a server that ran
/// out of memory while it started, does no better with fewer GPUs and a batch cap no smaller. The same model,
/// precision and memory settings are needed: every knob but the tensor-parallel degree, the batch cap, the SM clock
/// cap, the power limit and the replicas (none of which changes one replica's memory) as in the trial.
/// </summary>
public sealed class KnownInfeasible
{
    private readonly SearchSpace _space;
    private readonly List<Observation> _proofs;

    public KnownInfeasible(SearchSpace space, IEnumerable<Observation> measurements)
    {
        _space = space;
        _proofs = [.. measurements.Where(o => !o.Feasible && IsMonotone(o.Infeasibility?.Cause))];
    }

    /// <summary>Whether no trial proves anything: none ran out of memory.</summary>
    public bool IsEmpty => _proofs.Count == 0;

    /// <summary>Whether some trial proves this configuration unable to run.</summary>
    public bool Covers(Configuration configuration) => ProvenBy(configuration) is not null;

    /// <summary>The first trial that proves <paramref name="configuration"/> unable to run; null when none does.
    /// </summary>
    public Observation? ProvenBy(Configuration configuration) =>
        _proofs.FirstOrDefault(p => Implies(_space, p, configuration));

    /// <summary>
    /// The configurations of <paramref name="candidates"/> that were not measured but are proved unable to run, with
    /// one line saying why for each cause and GPU count (empty text when none).
    /// </summary>
    public (int Count, string Why) Skipped(IEnumerable<Configuration> candidates)
    {
        var measured = _proofs.Select(p => p.Configuration).ToHashSet();
        var proofs = candidates.Where(c => !measured.Contains(c)).Select(ProvenBy).OfType<Observation>().ToList();
        var why = proofs
            .GroupBy(p => Describe(_space, p))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        return (proofs.Count, string.Join("; ", why));
    }

    /// <summary>
    /// The rule, in one place: whether the infeasible trial <paramref name="measured"/> proves
    /// <paramref name="candidate"/> unable to run (see the class).
    /// </summary>
    public static bool Implies(SearchSpace space, Observation measured, Configuration candidate)
    {
        var cause = measured.Infeasibility?.Cause;
        if (measured.Feasible || !IsMonotone(cause))
        {
            return false;
        }

        foreach (var knob in space.Knobs)
        {
            var has = candidate.TryGet(knob.Name, out var value);
            var had = measured.Configuration.TryGet(knob.Name, out var then);
            var holds = knob.Kind switch
            {
                KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit or KnobKind.Replicas => true,
                KnobKind.TensorParallel => Ordered(has, had, value, then, order: -1),
                KnobKind.ServerBatchSize when cause == InfeasibleCause.WeightsDoNotFit => true,
                KnobKind.ServerBatchSize => Ordered(has, had, value, then, order: 1),
                _ => has == had && (!has || value.Equals(then)),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether both lack the knob, or both have numbers with the candidate's on the side of
    /// <paramref name="order"/> (-1: no higher, +1: no lower).</summary>
    private static bool Ordered(bool has, bool had, KnobValue value, KnobValue then, int order) =>
        (!has && !had) || (has && had && value.IsNumber && then.IsNumber && Math.Sign(value.CompareTo(then)) != -order);

    private static bool IsMonotone(InfeasibleCause? cause) =>
        cause is InfeasibleCause.WeightsDoNotFit or InfeasibleCause.KvCacheTooSmall or InfeasibleCause.OutOfMemory;

    private static string Describe(SearchSpace space, Observation proof)
    {
        var tp =
            space.Knobs.FirstOrDefault(k => k.Kind == KnobKind.TensorParallel) is { } knob
            && proof.Configuration.TryGet(knob.Name, out var v)
                ? $" at {knob.Name} {v.Text} or lower"
                : string.Empty;
        return proof.Infeasibility!.Cause switch
        {
            InfeasibleCause.WeightsDoNotFit => $"where the weights do not fit{tp}",
            InfeasibleCause.KvCacheTooSmall => $"where the KV cache cannot hold one sequence{tp}",
            _ => $"where the server ran out of memory starting{tp}",
        };
    }
}
