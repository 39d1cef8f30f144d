using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// The cause of a server that failed to start, read from what it wrote (the tail of its log is in the message): the
/// KV cache too small for one longest sequence and CUDA running out of memory, in vLLM's and PyTorch's own words;
/// any other failure to start, or a server that died during a trial, is <see cref="InfeasibleCause.ServerFailed"/>.
/// </summary>
public static class ServerFailureCause
{
    private static readonly string[] KvCacheTooSmall =
    [
        "KV cache is needed, which is larger than the available KV cache memory",
        "larger than the maximum number of tokens that can be stored in KV cache",
        "No available memory for the cache blocks",
    ];

    private const string OutOfMemory = "CUDA out of memory";

    /// <summary>The cause; <paramref name="started"/> false when the server never became healthy.</summary>
    public static Infeasibility Of(string message, bool started) =>
        new(
            started ? InfeasibleCause.ServerFailed
            : KvCacheTooSmall.Any(m => message.Contains(m, StringComparison.Ordinal)) ? InfeasibleCause.KvCacheTooSmall
            : message.Contains(OutOfMemory, StringComparison.OrdinalIgnoreCase) ? InfeasibleCause.OutOfMemory
            : InfeasibleCause.ServerFailed
        );
}
