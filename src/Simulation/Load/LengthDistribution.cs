namespace MLEnergy.Simulation.Load;

/// <summary>
/// A token-count distribution: log-normal with the given mean and log-space spread, clamped to a range; optionally a
/// mixture with a second log-normal that a share of the draws come from (e.g. the follow-up turns of a chat, whose
/// prompt carries the conversation so far).
/// </summary>
/// <param name="Longer">The second component, none when null.</param>
/// <param name="LongerShare">Share of the draws that come from <paramref name="Longer"/> (0–1).</param>
public sealed record LengthDistribution(
    double Mean,
    double Sigma,
    int Min,
    int Max,
    LengthDistribution? Longer = null,
    double LongerShare = 0
)
{
    /// <summary>Draws one length.</summary>
    public int Sample(Random random)
    {
        if (Longer is not null && LongerShare > 0 && random.NextDouble() < LongerShare)
        {
            return Math.Clamp(Longer.Sample(random), Min, Max);
        }

        if (Sigma <= 0)
        {
            return Math.Clamp((int)Math.Round(Mean), Min, Max);
        }

        var mu = Math.Log(Mean) - (Sigma * Sigma / 2);
        var value = Math.Exp(mu + (Sigma * StandardNormal(random)));
        return Math.Clamp((int)Math.Round(value), Min, Max);
    }

    /// <summary>
    /// Draws the length of a request found in flight at a random moment of steady state: longer requests are in
    /// flight longer, so lengths are weighted by themselves (for a log-normal, the location shifts by σ²; of a
    /// mixture, each component is picked in proportion to its share times its mean).
    /// </summary>
    public int SampleInFlight(Random random)
    {
        if (Longer is not null && LongerShare > 0)
        {
            var longerWeight = LongerShare * Longer.Mean;
            var pickLonger = random.NextDouble() * (longerWeight + ((1 - LongerShare) * Mean)) < longerWeight;
            return pickLonger
                ? Math.Clamp(Longer.SampleInFlight(random), Min, Max)
                : (this with { Longer = null, LongerShare = 0 }).SampleInFlight(random);
        }

        if (Sigma <= 0)
        {
            return Sample(random);
        }

        var mu = Math.Log(Mean) + (Sigma * Sigma / 2);
        var value = Math.Exp(mu + (Sigma * StandardNormal(random)));
        return Math.Clamp((int)Math.Round(value), Min, Max);
    }

    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
