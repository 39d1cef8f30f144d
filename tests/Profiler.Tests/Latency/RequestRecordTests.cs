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
}
