using MathNet.Numerics.LinearAlgebra;

namespace MLEnergy.Recommender.Search.GaussianProcesses;

/// <summary>
/// A ridge-regularised linear mean (intercept plus one slope per input): it carries the knobs' broad trends
/// (energy falls with batch size, latency rises with it) so the process only has to learn what bends.
/// </summary>
internal sealed class LinearTrend
{
    private const double Ridge = 0.05;
    private readonly double[] _coefficients;

    private LinearTrend(double[] coefficients) => _coefficients = coefficients;

    /// <param name="inputs">Where each target was read.</param>
    /// <param name="targets">What was read there.</param>
    /// <param name="weights">How much each point counts (one each when null): a measurement read at several
    /// configurations (twins) counts once over all of them, so that the trend follows measurements, not copies.</param>
    public static LinearTrend Fit(
        IReadOnlyList<double[]> inputs,
        IReadOnlyList<double> targets,
        IReadOnlyList<double>? weights = null
    )
    {
        var n = inputs.Count;
        var width = inputs[0].Length + 1;
        var design = Matrix<double>.Build.Dense(n, width, (i, j) => j == 0 ? 1.0 : inputs[i][j - 1]);
        var weighted = Matrix<double>.Build.Dense(
            n,
            width,
            (i, j) => (weights?[i] ?? 1.0) * (j == 0 ? 1.0 : inputs[i][j - 1])
        );
        var penalty = Matrix<double>.Build.DenseDiagonal(width, width, j => j == 0 ? 1e-9 : Ridge);
        var y = Vector<double>.Build.Dense(n, i => targets[i]);
        var coefficients = (weighted.TransposeThisAndMultiply(design) + penalty).Solve(
            weighted.TransposeThisAndMultiply(y)
        );
        return new LinearTrend(coefficients.ToArray());
    }

    public double At(double[] input)
    {
        var value = _coefficients[0];
        for (var i = 0; i < input.Length; i++)
        {
            value += _coefficients[i + 1] * input[i];
        }

        return value;
    }
}
