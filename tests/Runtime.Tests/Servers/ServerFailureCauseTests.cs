using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Servers;

namespace MLEnergy.Runtime.Tests.Servers;

public sealed class ServerFailureCauseTests
{
    private const string Exited = "the server exited with code 1 before becoming healthy (vllm serve); its log: x.log";

    [Theory]
    [InlineData(
        "ValueError: To serve at least one request with the model's max seq len (131072), 15.5 GiB KV cache is needed, "
            + "which is larger than the available KV cache memory (13.15 GiB).",
        InfeasibleCause.KvCacheTooSmall
    )]
    [InlineData(
        "ValueError: The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in "
            + "KV cache (15648).",
        InfeasibleCause.KvCacheTooSmall
    )]
    [InlineData(
        "ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization`.",
        InfeasibleCause.KvCacheTooSmall
    )]
    [InlineData(
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 448.00 MiB. GPU 0 has a total capacity of "
            + "79.19 GiB of which 120.75 MiB is free.",
        InfeasibleCause.OutOfMemory
    )]
    [InlineData("ModuleNotFoundError: No module named 'vllm'", InfeasibleCause.ServerFailed)]
    public void AServerThatFailedToStartIsReadFromItsLogTail(string tail, InfeasibleCause cause) =>
        ServerFailureCause.Of(Exited + "\n" + tail, started: false).Cause.Should().Be(cause);

    [Fact]
    public void AServerThatDiedAfterStartingFailedWhateverItsLogSays() =>
        ServerFailureCause
            .Of("the server exited with code 137 during the trial: CUDA out of memory", started: true)
            .Cause.Should()
            .Be(InfeasibleCause.ServerFailed);
}
