using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Observations;

public sealed class BatchOccupancyTests
{
    [Fact]
    public void ABatchBoundByMaxNumSeqsIsTheRunningBatchOverIt() =>
        BatchOccupancy.Of(240, 256, 0.3).Should().BeApproximately(0.9375, 1e-12);

    [Fact]
    public void ABatchBoundByTheKvCacheIsTheShareOfTheCacheHeld() =>
        // 50 of 256 slots, the cache 93 % full: the engine could hold about 54, not 256.
        BatchOccupancy.Of(50, 256, 0.93).Should().BeApproximately(0.93, 1e-12);

    [Fact]
    public void WithoutTheCacheShareItIsTheRunningBatchOverMaxNumSeqsAsBefore() =>
        BatchOccupancy.Of(50, 256, null).Should().BeApproximately(50 / 256.0, 1e-12);

    [Fact]
    public void WithoutACapItIsTheCacheShareOrUnknown()
    {
        BatchOccupancy.Of(50, null, 0.7).Should().Be(0.7);
        BatchOccupancy.Of(50, null, null).Should().BeNull();
    }
}
