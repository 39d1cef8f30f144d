namespace MLEnergy.Simulation.Load;

/// <summary>
/// A token-count distribution: log-normal with the given mean and log-space spread, clamped to a range.
/// </summary>
public sealed record LengthDistribution(double Mean, double Sigma, int Min, int Max)
{
    /// <summary>Draws one length.</summary>
    public int Sample(Random random)
    {
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
    /// flight longer, so lengths are weighted by themselves (for a log-normal, the location shifts by σ²).
    /// </summary>
    public int SampleInFlight(Random random)
    {
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
