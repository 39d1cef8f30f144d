using System.Text;
using MLEnergy.Recommender.Knobs;

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

        var random = new Random(StableHash($"{Seed}|{configuration.Key}|{trial}|{metric}"));
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp((RelativeSigma * normal) - (RelativeSigma * RelativeSigma / 2));
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
