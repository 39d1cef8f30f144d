using MathNet.Numerics.LinearAlgebra;

namespace MLEnergy.Recommender.Search.GaussianProcesses;

/// <summary>
/// Gaussian-process regression with a linear trend: the residuals of the trend are standardised and
/// modelled with a Matérn 5/2 kernel; each point carries its own noise multiplier (short screening
/// trials are noisier than full ones). Prediction costs one triangular solve per point.
/// </summary>
internal sealed class GaussianProcess
{
    /// <summary>
    /// The smallest residual spread assumed, so that a trend fitted through few points stays uncertain.
    /// </summary>
    private const double MinimumScale = 0.15;

    private readonly double[][] _inputs;
    private readonly double[] _alpha;
    private readonly double[][] _lower;
    private readonly LinearTrend _trend;
    private readonly double _scale;
    private readonly MaternKernel _kernel;

    private GaussianProcess(
        double[][] inputs,
        double[] alpha,
        double[][] lower,
        LinearTrend trend,
        double scale,
        MaternKernel kernel
    )
    {
        _inputs = inputs;
        _alpha = alpha;
        _lower = lower;
        _trend = trend;
        _scale = scale;
        _kernel = kernel;
    }

    public GaussianProcessSettings Settings { get; private init; } = null!;

    public static GaussianProcess Fit(
        IReadOnlyList<double[]> inputs,
        IReadOnlyList<double> targets,
        IReadOnlyList<double> noiseMultipliers,
        IReadOnlyList<double>? trendWeights = null
    )
    {
        var n = inputs.Count;
        var trend = LinearTrend.Fit(inputs, targets, trendWeights);
        var residuals = Enumerable.Range(0, n).Select(i => targets[i] - trend.At(inputs[i])).ToArray();
        var spread = n > 1 ? Math.Sqrt(residuals.Sum(r => r * r) / (n - 1)) : 0;
        var scale = Math.Max(spread, MinimumScale);
        var standardised = residuals.Select(r => r / scale).ToArray();
        var settings = HyperparameterSearch.Find(inputs, standardised, noiseMultipliers);
        var factor = Factor(inputs, settings, noiseMultipliers);
        var alpha = factor.Solve(Vector<double>.Build.Dense(standardised)).ToArray();
        var lowerMatrix = factor.Factor;
        var lower = Enumerable
            .Range(0, n)
            .Select(i => Enumerable.Range(0, i + 1).Select(j => lowerMatrix[i, j]).ToArray())
            .ToArray();
        return new GaussianProcess([.. inputs], alpha, lower, trend, scale, settings.Kernel) { Settings = settings };
    }

    public Prediction Predict(double[] input)
    {
        var n = _inputs.Length;
        Span<double> k = n <= 512 ? stackalloc double[n] : new double[n];
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            k[i] = _kernel.Covariance(input, _inputs[i]);
            mean += k[i] * _alpha[i];
        }

        // Forward substitution L v = k, in place; the variance is 1 - |v|^2.
        var explained = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = _lower[i];
            var sum = k[i];
            for (var j = 0; j < i; j++)
            {
                sum -= row[j] * k[j];
            }

            k[i] = sum / row[i];
            explained += k[i] * k[i];
        }

        var variance = Math.Max(1 - explained, 1e-9);
        return new Prediction(_trend.At(input) + (_scale * mean), _scale * Math.Sqrt(variance));
    }

    internal static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> Factor(
        IReadOnlyList<double[]> inputs,
        GaussianProcessSettings settings,
        IReadOnlyList<double> noiseMultipliers
    )
    {
        var n = inputs.Count;
        var covariance = Matrix<double>.Build.Dense(
            n,
            n,
            (i, j) =>
                settings.Kernel.Covariance(inputs[i], inputs[j])
                + (i == j ? (settings.NoiseVariance * noiseMultipliers[i]) + 1e-8 : 0)
        );
        return covariance.Cholesky();
    }
}
