using MLEnergy.Profiler.Latency;

namespace MLEnergy.Profiler.Tests.Latency;

public sealed class RequestRecordTests
{
    private static readonly RequestRecord FiveChunksOfTwentyTokens = new(
        TimeSpan.FromMilliseconds(0),
        TimeSpan.FromMilliseconds(100),
        TimeSpan.FromMilliseconds(20),
        [.. Enumerable.Repeat(TimeSpan.FromMilliseconds(20), 4)],
        20
    );

    [Fact]
    public void TpotDividesByTheTrueTokenCountNotTheChunks()
    {
        FiveChunksOfTwentyTokens.TimePerOutputToken!.Value.TotalMilliseconds.Should().BeApproximately(80.0 / 19, 1e-3);
    }

    [Fact]
    public void AWindowCountsEachChunksShareOfTheTokens()
    {
        FiveChunksOfTwentyTokens.TokensBetween(TimeSpan.Zero, TimeSpan.FromSeconds(1)).Should().Be(20);
        var from = TimeSpan.FromMilliseconds(50);
        FiveChunksOfTwentyTokens.TokensBetween(from, TimeSpan.FromMilliseconds(80)).Should().Be(8);
    }

    [Fact]
    public void TokensThatCameInOneChunkAreInterTokenGapsOfZero()
    {
        var itl = FiveChunksOfTwentyTokens.InterTokenLatencies().Select(g => g.TotalMilliseconds).ToList();

        itl.Should().HaveCount(19);
        itl.Count(g => g == 20).Should().Be(4);
        itl.Count(g => g == 0).Should().Be(15);
    }

    [Fact]
    public void ACountOfTokensFromTheChunksGivesTheChunkGapsAlone()
    {
        var estimated = FiveChunksOfTwentyTokens with { OutputTokens = 5, TokensEstimated = true };
        var fewer = FiveChunksOfTwentyTokens with { OutputTokens = 3 };

        estimated.InterTokenLatencies().Should().Equal(FiveChunksOfTwentyTokens.Gaps);
        fewer.InterTokenLatencies().Should().Equal(FiveChunksOfTwentyTokens.Gaps);
        RequestRecord.Failed(TimeSpan.Zero, TimeSpan.FromSeconds(1), "x").InterTokenLatencies().Should().BeEmpty();
    }
}
