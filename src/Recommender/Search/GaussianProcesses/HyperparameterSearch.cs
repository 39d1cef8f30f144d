using MathNet.Numerics.LinearAlgebra;

namespace MLEnergy.Recommender.Search.GaussianProcesses;

/// <summary>
/// Chooses length scales and noise by maximising the log marginal likelihood with a coordinate search over
/// fixed grids: cheap, deterministic, and robust with the few points a tuning run has.
/// </summary>
internal static class HyperparameterSearch
{
    private static readonly double[] LengthScales = [0.08, 0.15, 0.3, 0.5, 0.8, 1.5, 3.0];
    private static readonly double[] NoiseVariances = [1e-4, 1e-3, 1e-2, 0.05, 0.2];
    private const int MinimumPoints = 4;

    public static GaussianProcessSettings Find(
        IReadOnlyList<double[]> inputs,
        double[] targets,
        IReadOnlyList<double> noiseMultipliers
    )
    {
        var dimensions = inputs[0].Length;
        var best = new GaussianProcessSettings(new MaternKernel(Enumerable.Repeat(0.5, dimensions).ToArray()), 1e-2);
        if (inputs.Count < MinimumPoints)
        {
            return best;
        }

        var bestScore = LogLikelihood(inputs, targets, noiseMultipliers, best);
        var sweeps = inputs.Count <= 30 ? 2 : 1;
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            for (var d = 0; d <= dimensions; d++)
            {
                var grid = d < dimensions ? LengthScales : NoiseVariances;
                foreach (var value in grid)
                {
                    var trial =
                        d < dimensions
                            ? best with
                            {
                                Kernel = best.Kernel.WithLengthScale(d, value),
                            }
                            : best with
                            {
                                NoiseVariance = value,
                            };
                    var score = LogLikelihood(inputs, targets, noiseMultipliers, trial);
                    if (score > bestScore + 1e-9)
                    {
                        (best, bestScore) = (trial, score);
                    }
                }
            }
        }

        return best;
    }

    private static double LogLikelihood(
        IReadOnlyList<double[]> inputs,
        double[] targets,
        IReadOnlyList<double> noiseMultipliers,
        GaussianProcessSettings settings
    )
    {
        var factor = GaussianProcess.Factor(inputs, settings, noiseMultipliers);
        var y = Vector<double>.Build.Dense(targets);
        var alpha = factor.Solve(y);
        return (-0.5 * y.DotProduct(alpha)) - (0.5 * factor.DeterminantLn);
    }
}
