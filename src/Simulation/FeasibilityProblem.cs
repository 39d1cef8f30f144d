namespace MLEnergy.Simulation;

/// <summary>
/// Why a configuration cannot run: the kind of cause, the text a person reads, and how many GPUs one replica had.
/// </summary>
public sealed record FeasibilityProblem(FeasibilityProblemKind Kind, string Text, int GpusPerReplica);

/// <summary>The kinds of <see cref="FeasibilityProblem"/>.</summary>
public enum FeasibilityProblemKind
{
    /// <summary>The knobs cannot be applied together on this host and model.</summary>
    InvalidKnobs,

    /// <summary>The weights per GPU exceed the memory left for weights and KV cache.</summary>
    WeightsDoNotFit,

    /// <summary>The KV cache left after the weights holds less than one sequence of the longest length.</summary>
    KvCacheTooSmall,
}
