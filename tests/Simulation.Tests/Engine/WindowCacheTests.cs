using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests.Engine;

public sealed class WindowCacheTests
{
    [Fact]
    public void AShortSequenceGrowsByATokenAStepUntilItFillsTheWindow()
    {
        var cache = new WindowCache(window: 4, slots: 2);

        cache.StartDecoding(0, context: 2, step: 0);
        cache.Decoding.Should().Be(2);
        cache.Advance(1);
        cache.Decoding.Should().Be(3);
        cache.Advance(2);
        cache.Decoding.Should().Be(4);
        cache.Advance(3);
        cache.Decoding.Should().Be(4);
        cache.StopDecoding(0, context: 5);
        cache.Decoding.Should().Be(0);
    }

    [Fact]
    public void ALongSequenceHoldsTheWindowAndAPrefillItsPromptUpToTheWindow()
    {
        var cache = new WindowCache(window: 4, slots: 2);

        cache.StartDecoding(1, context: 10, step: 0);
        cache.StartPrefill(3);
        cache.Held.Should().Be(4 + 3);
        cache.StartPrefill(9);
        cache.Held.Should().Be(4 + 3 + 4);
        cache.EndPrefill(9);
        cache.EndPrefill(3);
        cache.StopDecoding(1, context: 12);
        cache.Held.Should().Be(0);
    }
}
