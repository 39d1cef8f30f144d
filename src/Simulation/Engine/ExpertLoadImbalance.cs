namespace MLEnergy.Simulation.Engine;

/// <summary>
/// How much longer the busiest GPU of an expert-parallel group reads expert weights than the mean GPU, in one MoE
/// layer of a step. With expert parallelism each of the n GPUs holds E/n whole experts, and a layer ends for all of
/// them at the all-reduce (or combine) after it, so the layer lasts as long as the GPU whose experts the step's tokens
/// touch most. Routing taken as uniform (each token picks k of the E experts at random, so an expert is touched with
/// probability p = 1-(1-k/E)^T over T tokens) and the experts' touches as independent: a GPU touches
/// Binomial(E/n, p) of its experts, and the busiest of n such GPUs E[max] = Σ_{j&lt;E/n} (1 - F(j)^n) of them
/// (F the binomial's distribution function). The factor is E[max] / (p·E/n): 1 with one GPU or when every expert is
/// touched (large batches), about 1.43 for 128 experts, top-8, on 8 GPUs at 8 tokens. Real routers favour some
/// experts (vLLM ships an expert-parallel load balancer, EPLB, because of it), so uniform routing is the lower bound
/// of the imbalance; nothing in it is fitted. Tensor parallelism alone splits every expert over every GPU and has
/// none.
/// </summary>
internal sealed class ExpertLoadImbalance
{
    /// <summary>Below this expected number of untouched experts on a GPU the factor is taken as 1.</summary>
    private const double Negligible = 1e-9;

    private readonly int localExperts;
    private readonly int gpus;
    private readonly double[] factors;

    /// <param name="experts">Routed experts of a MoE layer (E).</param>
    /// <param name="expertsPerToken">Experts each token picks (k).</param>
    /// <param name="gpus">GPUs the experts are spread over (n); E/n each.</param>
    public ExpertLoadImbalance(int experts, int expertsPerToken, int gpus)
    {
        this.gpus = Math.Max(1, gpus);
        localExperts = Math.Max(1, experts / this.gpus);
        var logMiss = expertsPerToken < experts ? Math.Log(1.0 - ((double)expertsPerToken / experts)) : double.MinValue;
        // Token counts from which a GPU leaves fewer than Negligible of its experts untouched on average: factor 1.
        var saturation =
            this.gpus == 1 ? 1 : (int)Math.Min(1 << 16, Math.Ceiling(Math.Log(Negligible / localExperts) / logMiss));
        factors = new double[Math.Max(1, saturation)];
        for (var tokens = 0; tokens < factors.Length; tokens++)
        {
            factors[tokens] = Compute(Math.Exp(tokens * logMiss));
        }
    }

    /// <summary>The busiest GPU's touched experts over the mean GPU's, for a step routing
    /// <paramref name="tokens"/> tokens.</summary>
    public double Factor(int tokens) => tokens > 0 && tokens < factors.Length ? factors[tokens] : 1;

    /// <param name="miss">Probability that the step's tokens leave one expert untouched.</param>
    private double Compute(double miss)
    {
        var p = 1.0 - miss;
        if (gpus == 1 || p <= 0 || miss <= 0)
        {
            return 1;
        }

        // Binomial(m, p) probabilities from the log of the first term and the ratio of successive terms.
        var m = localExperts;
        var logTerm = m * Math.Log(miss);
        var logRatio = Math.Log(p) - Math.Log(miss);
        var cumulative = 0.0;
        var expectedMax = 0.0;
        for (var j = 0; j < m; j++)
        {
            cumulative = Math.Min(1.0, cumulative + Math.Exp(logTerm));
            expectedMax += 1.0 - Math.Pow(cumulative, gpus);
            logTerm += Math.Log((double)(m - j) / (j + 1)) + logRatio;
        }

        return Math.Max(1.0, expectedMax / (m * p));
    }
}
