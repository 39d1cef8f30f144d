using MathNet.Numerics.LinearAlgebra;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// One metric's trials read through what trials of the same repetition share. Where a target runs repetition r of
/// every configuration on the same seed (<see cref="Observation.SeedRepetition"/>: a simulated host replays the same
/// arrivals and request sizes), a burst that pushes one configuration's tail latency or energy per token up pushes all
/// of them up together: on the search-efficiency harness 51-100 % of a trial's variance in log p99/p90 TPOT, TTFT and
/// energy per token near the bound is that shared part (bench/SearchEfficiency/README.md, "What trials of the same
/// repetition share"). On the log scale, read(c, r) = config(c) + repetition(r) + residual is fitted by least squares
/// over the configurations connected through shared repetitions, two trials at the same configuration and repetition
/// (twins measured before they were known as such) averaged into one cell. A configuration's estimate is its effect
/// plus the mean repetition effect over the K repetitions seen, θ(c) = config(c) + mean(repetition), so that a
/// configuration measured at repetitions 0-1 borrows the repetition effects measured at 0-9 from the others. Its
/// variance as an estimate of the configuration's mean over all seeds has two parts: the fixed-effects part,
/// residual variance × l'(X'X)⁻¹l (l the estimate's coefficients), and the mean repetition effect's own spread over
/// the repetitions seen, σ²(repetition) / K, estimated without subtracting the fit's noise, Σ(ρ̂ - mean ρ̂)² / (K (K -
/// 1)), so that both parts are sums of squares with positive weights; its degrees of freedom combine the residual's
/// and K - 1 by Satterthwaite's formula. The residual variance a configuration is judged with follows <see
/// cref="ConfidentVerdicts.Spread"/>: its own (residuals over their expected share, 1 - leverage) from <see
/// cref="ConfidentVerdicts.PosteriorTrials"/> trials, else the pooled one, or its own when wider on two or more
/// degrees of freedom. The model is used only from <see cref="MinRepetitions"/> repetitions seen, so that the
/// repetitions' spread rests on at least four degrees of freedom, with two or more degrees of freedom for the residual.
/// </summary>
public sealed class SharedRepetitions
{
    /// <summary>
    /// Repetitions that must be seen before the model is used (four degrees of freedom for their spread).
    /// </summary>
    public const int MinRepetitions = 5;

    private readonly Dictionary<Configuration, SharedEstimate> _estimates;

    private SharedRepetitions(Dictionary<Configuration, SharedEstimate> estimates) => _estimates = estimates;

    /// <summary>The configuration's estimate; null where the model does not cover it.</summary>
    public SharedEstimate? At(Configuration configuration) => _estimates.GetValueOrDefault(configuration);

    /// <summary>
    /// The model of <paramref name="metric"/> over the full trials that carry a seed repetition and measured it;
    /// a configuration with any usable full trial that carries none is left out. Null when the model cannot be used.
    /// </summary>
    public static SharedRepetitions? Fit(IEnumerable<Observation> trials, string metric)
    {
        var byConfiguration = trials
            .Where(o => o.Fidelity == TrialFidelity.Full && (!o.Invalid || o.ShortOfSamples))
            .GroupBy(o => o.Configuration)
            .Where(g => g.All(o => o.SeedRepetition is not null && o.Metric(metric) is > 0))
            .ToDictionary(
                g => g.Key,
                g =>
                    g.GroupBy(o => o.SeedRepetition!.Value)
                        .ToDictionary(r => r.Key, r => r.Average(o => Math.Log(o.Metric(metric)!.Value)))
            );
        var component = Connected(byConfiguration);
        var configurations = component.Keys.ToList();
        var repetitions = component.Values.SelectMany(c => c.Keys).Distinct().Order().ToList();
        var cells = component.Sum(c => c.Value.Count);
        var (c, k) = (configurations.Count, repetitions.Count);
        var residualFreedom = cells - c - k + 1;
        if (c < 2 || k < MinRepetitions || residualFreedom < 2)
        {
            return null;
        }

        // Parameters: one effect per configuration, then repetitions 1..K-1 (the first repetition seen is the
        // reference, at zero): full rank when the configurations are connected through their repetitions.
        var width = c + k - 1;
        var column = repetitions.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);
        var rows = new List<(int Configuration, int Repetition, double Value)>();
        for (var i = 0; i < c; i++)
        {
            rows.AddRange(component[configurations[i]].Select(cell => (i, column[cell.Key], cell.Value)));
        }

        var design = Matrix<double>.Build.Dense(rows.Count, width);
        var values = Vector<double>.Build.Dense(rows.Count, i => rows[i].Value);
        for (var i = 0; i < rows.Count; i++)
        {
            design[i, rows[i].Configuration] = 1;
            if (rows[i].Repetition > 0)
            {
                design[i, c + rows[i].Repetition - 1] = 1;
            }
        }

        var inverse = (design.TransposeThisAndMultiply(design)).Inverse();
        var beta = inverse * design.TransposeThisAndMultiply(values);
        var residuals = values - (design * beta);
        var leverages = Enumerable.Range(0, rows.Count).Select(i => design.Row(i) * inverse * design.Row(i)).ToList();
        var pooled = residuals.DotProduct(residuals) / residualFreedom;
        var effects = Enumerable.Range(0, k).Select(j => j == 0 ? 0 : beta[c + j - 1]).ToList();
        var meanEffect = effects.Average();
        var repetitionPart = effects.Sum(e => (e - meanEffect) * (e - meanEffect)) / (k * (k - 1.0));
        var estimates = new Dictionary<Configuration, SharedEstimate>();
        for (var i = 0; i < c; i++)
        {
            var coefficients = Vector<double>.Build.Dense(
                width,
                j =>
                    j == i ? 1
                    : j >= c ? 1.0 / k
                    : 0
            );
            var own = rows.Select((row, n) => (row, n)).Where(p => p.row.Configuration == i).ToList();
            var ownShare = own.Sum(p => 1 - leverages[p.n]);
            var ownVariance = ownShare > 0 ? own.Sum(p => residuals[p.n] * residuals[p.n]) / ownShare : 0;
            var ownFreedom = (int)Math.Floor(ownShare + 1e-9);
            var (variance, freedom) =
                own.Count >= ConfidentVerdicts.PosteriorTrials && ownFreedom >= 1 && ownVariance > 0
                    ? (ownVariance, ownFreedom)
                : ownFreedom >= 2 && ownVariance > pooled ? (ownVariance, ownFreedom)
                : (pooled, residualFreedom);
            var unit = coefficients * inverse * coefficients;
            var cellsMean = own.Average(p => p.row.Value);
            estimates[configurations[i]] = new SharedEstimate(
                (coefficients * beta) - cellsMean,
                variance * unit,
                repetitionPart,
                freedom,
                k - 1,
                own.Count,
                k
            );
        }

        return new SharedRepetitions(estimates);
    }

    /// <summary>The configurations connected, through repetitions they share, to the one with the most cells.</summary>
    private static Dictionary<Configuration, Dictionary<int, double>> Connected(
        Dictionary<Configuration, Dictionary<int, double>> cells
    )
    {
        if (cells.Count == 0)
        {
            return cells;
        }

        var reached = new HashSet<Configuration> { cells.MaxBy(c => c.Value.Count).Key };
        var repetitions = new HashSet<int>(cells[reached.First()].Keys);
        for (var grew = true; grew; )
        {
            grew = false;
            foreach (var (configuration, seen) in cells)
            {
                if (!reached.Contains(configuration) && seen.Keys.Any(repetitions.Contains))
                {
                    reached.Add(configuration);
                    repetitions.UnionWith(seen.Keys);
                    grew = true;
                }
            }
        }

        return cells.Where(c => reached.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
    }
}

/// <summary>
/// One configuration's estimate under <see cref="SharedRepetitions"/>: <see cref="Shift"/> is added to the log of its
/// trials' mean to read it at the mean repetition effect; its variance is <see cref="FixedVariance"/> (the residual's
/// part, on <see cref="ResidualFreedom"/> degrees of freedom) plus <see cref="RepetitionVariance"/> (the mean
/// repetition effect's, on <see cref="RepetitionFreedom"/>), over <see cref="Cells"/> repetitions of its own and
/// <see cref="Repetitions"/> seen in all.
/// </summary>
public sealed record SharedEstimate(
    double Shift,
    double FixedVariance,
    double RepetitionVariance,
    int ResidualFreedom,
    int RepetitionFreedom,
    int Cells,
    int Repetitions
)
{
    /// <summary>
    /// The standard error of the estimate as one of the configuration's mean over all seeds (log scale).
    /// </summary>
    public double Error => Math.Sqrt(FixedVariance + RepetitionVariance);

    /// <summary>Satterthwaite's degrees of freedom of the two parts together (at least one).</summary>
    public int Freedom => Satterthwaite(FixedVariance, RepetitionVariance);

    /// <summary>
    /// The standard error predicted once the configuration has <paramref name="trials"/> repetitions of its own: the
    /// residual's part shrinks with its own count, the mean repetition effect's with the repetitions seen in all, which
    /// its own then extend.
    /// </summary>
    public double ErrorAt(int trials) =>
        Math.Sqrt(
            (FixedVariance * Cells / Math.Max(trials, Cells))
                + (RepetitionVariance * Repetitions / Math.Max(trials, Repetitions))
        );

    private int Satterthwaite(double a, double b)
    {
        var denominator =
            (ResidualFreedom > 0 ? a * a / ResidualFreedom : 0)
            + (RepetitionFreedom > 0 ? b * b / RepetitionFreedom : 0);
        return denominator > 0 ? Math.Max(1, (int)Math.Floor((a + b) * (a + b) / denominator)) : ResidualFreedom;
    }
}
