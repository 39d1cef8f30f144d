using MLEnergy.Profiler.Statistics;

namespace MLEnergy.Profiler.Tests.Statistics;

public sealed class EarlyStoppingTests
{
    private readonly EarlyStopping _p99 = new(0.99);

    [Fact]
    public void P99WithNoRequestOverTheBoundNeeds459RequestsToPass()
    {
        _p99.MinimumSamples(0).Should().Be(459);
        _p99.Judge(458, 0).Should().Be(PercentileVerdict.Undecided);
        _p99.Judge(459, 0).Should().Be(PercentileVerdict.Met);
    }

    [Fact]
    public void AHundredPerfectRequestsAreNotEnoughToClaimP99()
    {
        _p99.Judge(100, 0).Should().Be(PercentileVerdict.Undecided);
    }

    [Fact]
    public void EachRequestOverTheBoundRaisesTheNumberNeededToPass()
    {
        var needed = Enumerable.Range(0, 5).Select(h => _p99.MinimumSamples(h)).ToArray();

        needed.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        needed[1].Should().BeInRange(600, 700);
        _p99.Judge(needed[3], 3).Should().Be(PercentileVerdict.Met);
        _p99.Judge(needed[3] - 1, 3).Should().Be(PercentileVerdict.Undecided);
    }

    [Fact]
    public void ManyRequestsOverTheBoundFailTheSloWithConfidence()
    {
        _p99.Judge(1000, 30).Should().Be(PercentileVerdict.Missed);
        _p99.Judge(100, 5).Should().Be(PercentileVerdict.Missed);
    }

    [Fact]
    public void ATailRateNearTheBoundStaysUndecided()
    {
        _p99.Judge(1000, 10).Should().Be(PercentileVerdict.Undecided);
    }

    [Fact]
    public void TheMedianNeedsFarFewerRequests()
    {
        new EarlyStopping(0.5).MinimumSamples(0).Should().Be(7);
    }

    [Fact]
    public void NoRequestsIsUndecided()
    {
        _p99.Judge(0, 0).Should().Be(PercentileVerdict.Undecided);
    }
}
