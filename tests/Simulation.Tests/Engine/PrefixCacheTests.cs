using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests.Engine;

public sealed class PrefixCacheTests
{
    [Fact]
    public void CopiesOfAPromptShareItsWholeBlocksShortOfTheLastTokenWhileOneHoldsThem()
    {
        var cache = new PrefixCache(blockTokens: 16);

        cache.CachedTokens(7, 100).Should().Be(0);
        cache.TryHold(7).Should().BeTrue();
        cache.TryHold(7).Should().BeFalse();
        // 99 tokens before the last one: 6 whole blocks of 16.
        cache.CachedTokens(7, 100).Should().Be(96);
        cache.Attach(7, 100);
        cache.Attach(7, 100);
        cache.SharedTokens.Should().Be(2 * 96);
        cache.Detach(7, 100);
        cache.SharedTokens.Should().Be(96);
        cache.Detach(7, 100);
        cache.SharedTokens.Should().Be(0);
        cache.CachedTokens(7, 100).Should().Be(96);
        cache.Detach(7, 100);
        cache.CachedTokens(7, 100).Should().Be(0);
    }

    [Fact]
    public void APromptOfItsOwnOrShorterThanABlockAndATokenIsNeverFound()
    {
        var cache = new PrefixCache(blockTokens: 16);
        cache.TryHold(-1).Should().BeFalse();
        cache.TryHold(3).Should().BeTrue();

        cache.CachedTokens(-1, 1000).Should().Be(0);
        cache.CachedTokens(3, 16).Should().Be(0);
        cache.CachedTokens(3, 17).Should().Be(16);
    }
}
