using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Whether the offered rate has surely crossed the plan's band edges, judged again at every reading with a stated
/// false rate per hour. Each edge λ0 has two Shiryaev-Roberts statistics over the arrivals between readings (a
/// Poisson count n in Δt s): one for a rise, against any rate of the band above as likely as any other (the mean over
/// 16 rates λ1 evenly spread over the band, the last band's up to its level), one for a fall, against any rate of the
/// band below. At each reading R = mean over λ1 of R_λ1,
/// R_λ1 = (R_λ1 + Δt) · (λ1 / λ0)^n · e^(−(λ1 − λ0)·Δt). With
/// the rate at the edge each ratio has mean one, so R less the seconds since it started is a martingale (inside the
/// band a supermartingale), and the first time R reaches A seconds comes on average no sooner than A (optional
/// stopping; Pollak 1985, "Optimal detection of a change in distribution"): with A = 1 h /
/// <see cref="GovernorSettings.RateRisk"/>, a steady load on the edge or inside the band crosses it without cause at
/// most that often an hour, however often it is read. A rate past the edge makes R grow exponentially: a rise is
/// followed in about ln A over the Kullback-Leibler rate between it and the edge. One alternative rate alone would
/// gain evidence only from rates above the logarithmic mean of it and the edge (a rise to 110 % of the edge with the
/// next band's level at 133 % would wait hours); the band's spread of rates covers every rise into it.
/// A statistic starts again when the band crosses its edge (any switch: the rate, the SLO guard, the queue) or the
/// server restarts.
/// </summary>
public sealed class RateEvidence
{
    private const int Alternatives = 16;

    private readonly EdgeTest[] up;
    private readonly EdgeTest[] down;

    public RateEvidence(LoadPlan plan, GovernorSettings settings)
    {
        var bound = Math.Log(TimeSpan.FromHours(1).TotalSeconds / settings.RateRisk);
        var bands = plan.Bands;
        up = new EdgeTest[bands.Count - 1];
        down = new EdgeTest[bands.Count - 1];
        for (var j = 0; j < bands.Count - 1; j++)
        {
            var edge = bands[j + 1].FromRequestsPerSecond;
            var next = bands[j + 1].ToRequestsPerSecond ?? bands[j + 1].LevelRequestsPerSecond;
            up[j] = new EdgeTest(edge, edge, next > edge ? next : 2 * edge, bound);
            down[j] = new EdgeTest(edge, bands[j].FromRequestsPerSecond, edge, bound);
        }
    }

    /// <summary>The rate at the edge above <paramref name="band"/>.</summary>
    public double UpperEdge(int band) => up[band].Edge;

    /// <summary>Takes the requests that arrived between two readings <paramref name="seconds"/> apart.</summary>
    public void Add(double arrivals, double seconds)
    {
        if (seconds <= 0)
        {
            return;
        }

        foreach (var test in up.Concat(down))
        {
            test.Add(Math.Max(0, arrivals), seconds);
        }
    }

    /// <summary>The highest band whose lower edges from <paramref name="band"/> up are all surely passed.</summary>
    public int SurelyAtLeast(int band)
    {
        while (band < up.Length && up[band].Sure)
        {
            band++;
        }

        return band;
    }

    /// <summary>The lowest band whose upper edges from <paramref name="band"/> down are all surely passed.</summary>
    public int SurelyAtMost(int band)
    {
        while (band > 0 && down[band - 1].Sure)
        {
            band--;
        }

        return band;
    }

    /// <summary>How far the evidence for a rise past <paramref name="band"/>'s upper edge is: 1 steps up.</summary>
    public double RiseShare(int band) => band < up.Length ? up[band].Share : 0;

    /// <summary>Starts again the statistics of every edge between two bands.</summary>
    public void Crossed(int from, int to)
    {
        for (var j = Math.Min(from, to); j < Math.Max(from, to); j++)
        {
            up[j].Reset();
            down[j].Reset();
        }
    }

    /// <summary>Starts every statistic again (the server restarted).</summary>
    public void Reset() => Crossed(0, up.Length);

    /// <summary>One edge, one direction: the log of R for each alternative rate.</summary>
    private sealed class EdgeTest
    {
        private readonly double[] rates;
        private readonly double[] logRatios;
        private readonly double[] logStatistics;
        private readonly double bound;

        public EdgeTest(double edge, double from, double to, double bound)
        {
            Edge = edge;
            this.bound = bound;
            rates = [.. Enumerable.Range(0, Alternatives).Select(i => from + ((i + 0.5) * (to - from) / Alternatives))];
            logRatios = [.. rates.Select(r => Math.Log(r / edge))];
            logStatistics = new double[Alternatives];
            Reset();
        }

        public double Edge { get; }

        /// <summary>The mean statistic over the bound, 1 when it is reached; 0 for an edge at no rate.</summary>
        public double Share => Edge > 0 ? Math.Exp(LogMean() - bound) : 0;

        public bool Sure => Edge > 0 && LogMean() >= bound;

        public void Add(double arrivals, double seconds)
        {
            for (var i = 0; i < Alternatives; i++)
            {
                logStatistics[i] =
                    LogSum(logStatistics[i], Math.Log(seconds))
                    + (arrivals * logRatios[i])
                    - ((rates[i] - Edge) * seconds);
            }
        }

        public void Reset() => Array.Fill(logStatistics, double.NegativeInfinity);

        private double LogMean() => logStatistics.Aggregate(double.NegativeInfinity, LogSum) - Math.Log(Alternatives);

        private static double LogSum(double a, double b)
        {
            var (high, low) = a >= b ? (a, b) : (b, a);
            return double.IsNegativeInfinity(low) ? high : high + Math.Log(1 + Math.Exp(low - high));
        }
    }
}
