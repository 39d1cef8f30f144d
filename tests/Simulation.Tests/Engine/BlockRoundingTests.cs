using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// The unused tokens of the sequences' last blocks, counted by hand for blocks of 10 tokens: a sequence of context c
/// holds ⌈c / 10⌉ blocks, and each decode step adds one token to every decoding sequence.
/// </summary>
public sealed class BlockRoundingTests
{
    [Fact]
    public void TheLastBlocksEmptyPartFallsByOneAStepAndComesBackWhenABlockFills()
    {
        // Started after step 5: context 7 (3 unused) and context 20 (full, 0 unused).
        var rounding = new BlockRounding(blockTokens: 10, slots: 4);
        rounding.StartDecoding(0, context: 7, step: 5);
        rounding.StartDecoding(1, context: 20, step: 5);
        rounding.Unused.Should().Be(3);

        // Step 6: 8 (2 unused) and 21 (a new block, 9 unused).
        rounding.Advance(6);
        rounding.Unused.Should().Be(11);

        // Steps 7, 8 and 9: 9 (1) and 22 (8); 10 (0) and 23 (7); 11 (a new block, 9) and 24 (6).
        rounding.Advance(7);
        rounding.Unused.Should().Be(9);
        rounding.Advance(8);
        rounding.Unused.Should().Be(7);
        rounding.Advance(9);
        rounding.Unused.Should().Be(15);

        // The first leaves at 11 tokens; the second goes on: 25 (5).
        rounding.StopDecoding(0, 11);
        rounding.Advance(10);
        rounding.Unused.Should().Be(5);
    }

    [Fact]
    public void APromptHoldsTheBlocksOfItsWholeLengthUntilItsPrefillEnds()
    {
        var rounding = new BlockRounding(blockTokens: 10, slots: 2);

        rounding.StartPrefill(23);
        rounding.Unused.Should().Be(7);
        rounding.EndPrefill(23);
        rounding.Unused.Should().Be(0);
        rounding.UnusedAt(30).Should().Be(0);
        new BlockRounding(blockTokens: 0, slots: 2).Active.Should().BeFalse();
    }
}
