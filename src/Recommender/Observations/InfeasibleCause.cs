namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Why a configuration could not run, as a kind a rule can read (the reason text is what a person reads). Some kinds
/// are monotone in the GPUs a replica has (<see cref="Search.KnownInfeasible"/>).
/// </summary>
public enum InfeasibleCause
{
    /// <summary>Not known, or none of the others; every trial stored before causes were kept reads as this.</summary>
    Other,

    /// <summary>The knobs cannot be applied together (more GPUs than the host has, a degree that does not divide
    /// the heads).</summary>
    InvalidKnobs,

    /// <summary>The model's weights do not fit in the memory of one replica's GPUs.</summary>
    WeightsDoNotFit,

    /// <summary>The weights fit, but the KV cache left cannot hold one sequence of the longest length served.</summary>
    KvCacheTooSmall,

    /// <summary>GPU memory ran out while the server started (weights, activations or graphs; the server did not say
    /// which).</summary>
    OutOfMemory,

    /// <summary>The server failed to start or died for another reason.</summary>
    ServerFailed,
}
