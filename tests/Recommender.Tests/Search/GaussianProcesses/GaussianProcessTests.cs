using MLEnergy.Recommender.Search.GaussianProcesses;

namespace MLEnergy.Recommender.Tests.Search.GaussianProcesses;

public class GaussianProcessTests
{
    private static double Curve(double x) => Math.Sin(6 * x) + (0.5 * x);

    [Fact]
    public void PredictionsFollowTheTrainingPointsAndAreSureNearThem()
    {
        var xs = Enumerable.Range(0, 9).Select(i => i / 8.0).ToList();
        var process = GaussianProcess.Fit(
            [.. xs.Select(x => new[] { x })],
            [.. xs.Select(Curve)],
            [.. xs.Select(_ => 1.0)]
        );

        var between = process.Predict([0.5625]);
        between.Mean.Should().BeApproximately(Curve(0.5625), 0.1);
        process.Predict([0.5]).StandardDeviation.Should().BeLessThan(0.1);
    }

    [Fact]
    public void UncertaintyGrowsAwayFromTheData()
    {
        var xs = new[] { 0.0, 0.1, 0.2, 0.3 };
        var process = GaussianProcess.Fit(
            [.. xs.Select(x => new[] { x })],
            [.. xs.Select(Curve)],
            [.. xs.Select(_ => 1.0)]
        );

        process.Predict([0.95]).StandardDeviation.Should().BeGreaterThan(2 * process.Predict([0.15]).StandardDeviation);
    }

    [Fact]
    public void TheLinearTrendCarriesASlopeBeyondTheData()
    {
        var xs = new[] { 0.0, 0.2, 0.4 };
        var process = GaussianProcess.Fit(
            [.. xs.Select(x => new[] { x })],
            [.. xs.Select(x => 2 * x)],
            [.. xs.Select(_ => 1.0)]
        );

        process.Predict([1.0]).Mean.Should().BeGreaterThan(1.2);
    }

    [Fact]
    public void AWeightedPointCountsAsThatShareOfOneInTheTrend()
    {
        // Three copies of (1, 1) weighted a third each count as one point: the least-squares line through (0, 0),
        // (1, 1) and (2, 0) is flat at 1/3. Unweighted, the copies pull it to 3/5.
        double[][] inputs =
        [
            [0.0],
            [1.0],
            [1.0],
            [1.0],
            [2.0],
        ];
        double[] targets = [0, 1, 1, 1, 0];

        var weighted = LinearTrend.Fit(inputs, targets, [1, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1]);
        var unweighted = LinearTrend.Fit(inputs, targets);

        weighted.At([0.0]).Should().BeApproximately(1.0 / 3, 1e-6);
        unweighted.At([0.0]).Should().BeApproximately(0.6, 1e-6);
    }
}
