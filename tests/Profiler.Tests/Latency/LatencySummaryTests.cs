using MLEnergy.Profiler.Latency;

namespace MLEnergy.Profiler.Tests.Latency;

public sealed class LatencySummaryTests
{
    private static RequestRecord Request(double startMs, double ttftMs, params double[] gapsMs) =>
        new(
            TimeSpan.FromMilliseconds(startMs),
            TimeSpan.FromMilliseconds(startMs + ttftMs + gapsMs.Sum()),
            TimeSpan.FromMilliseconds(ttftMs),
            [.. gapsMs.Select(TimeSpan.FromMilliseconds)],
            gapsMs.Length + 1
        );

    [Fact]
    public void EveryGapIsAnInterTokenSampleAndEachRequestOneTpotSample()
    {
        var summary = LatencySummary.From([Request(0, 100, 10, 20, 30), Request(5, 50, 40)]);

        summary.Count(LatencyKind.Itl).Should().Be(4);
        summary.Count(LatencyKind.Tpot).Should().Be(2);
        summary.MeanMs(LatencyKind.Tpot).Should().BeApproximately((20 + 40) / 2.0, 1e-9);
        summary.QuantileMs(LatencyKind.E2e, 1).Should().BeApproximately(160, 1e-9);
        summary.CountAbove(LatencyKind.Itl, 20).Should().Be(2);
    }

    [Fact]
    public void AChunkOfSeveralTokensIsOneGapAndAZeroForEachFurtherToken()
    {
        var threeChunksOfSixTokens = Request(0, 100, 30, 50) with { OutputTokens = 6 };

        var summary = LatencySummary.From([threeChunksOfSixTokens]);

        summary.SortedMs(LatencyKind.Itl).Should().Equal(0, 0, 0, 30, 50);
        summary.MeanMs(LatencyKind.Tpot).Should().BeApproximately(80.0 / 5, 1e-9);
    }

    [Fact]
    public void FailedRequestsAreLeftOutOfLatencies()
    {
        var summary = LatencySummary.From([
            Request(0, 100, 10),
            RequestRecord.Failed(TimeSpan.Zero, TimeSpan.FromSeconds(1), "HTTP 500"),
        ]);

        summary.Count(LatencyKind.Ttft).Should().Be(1);
    }

    [Fact]
    public void TokenTimesFollowTheFirstTokenAndEachGap()
    {
        Request(1000, 100, 10, 20).TokenTimes().Select(t => t.TotalMilliseconds).Should().Equal(1100, 1110, 1130);
    }
}
