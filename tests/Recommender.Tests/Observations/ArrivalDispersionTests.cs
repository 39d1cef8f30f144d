using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Observations;

public sealed class ArrivalDispersionTests
{
    [Fact]
    public void EvenArrivalsHaveNoDispersion() => ArrivalDispersion.Of([.. Enumerable.Repeat(3, 60)]).Should().Be(0);

    [Fact]
    public void TheDispersionIsTheVarianceOfTheSubWindowCountsOverTheirMean()
    {
        // 60 s in six 10 s sub-windows of 0, 60, 0, 60, 0, 60 arrivals: mean 30, variance Σ(c − 30)² / 5 =
        // 6 × 900 / 5 = 1080; over the mean, 36.
        int[] eachSecond = [.. Enumerable.Range(0, 60).Select(s => s / 10 % 2 == 1 ? 6 : 0)];

        ArrivalDispersion.Of(eachSecond).Should().BeApproximately(36, 1e-9);
    }

    [Fact]
    public void AWindowShorterThanItsSubWindowsOrWithoutArrivalsHasNone()
    {
        ArrivalDispersion.Of([1, 2, 3]).Should().BeNull();
        ArrivalDispersion.Of([.. Enumerable.Repeat(0, 60)]).Should().BeNull();
    }
}
