using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Randomness;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// Seeded multiplicative log-normal noise: the same seed, configuration, trial and metric always give the
/// same factor, whatever order the trials run in.
/// </summary>
public sealed record ReplayNoise(double RelativeSigma, int Seed)
{
    public static ReplayNoise None { get; } = new(0, 0);

    public double Factor(Configuration configuration, int trial, string metric)
    {
        if (RelativeSigma <= 0)
        {
            return 1;
        }

        var normal = Gaussian.Next(new Random(StableHash.Of($"{Seed}|{configuration.Key}|{trial}|{metric}")));
        return Math.Exp((RelativeSigma * normal) - (RelativeSigma * RelativeSigma / 2));
    }
}
