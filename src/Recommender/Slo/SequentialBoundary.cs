using MathNet.Numerics.Distributions;

namespace MLEnergy.Recommender.Slo;

/// <summary>
/// A one-sided group-sequential test whose false-pass risk holds over repeated looks. A configuration's SLO pass is
/// tested again after every full trial, and it stops being repeated once it passes; testing every look at a fixed 5 %
/// (99 % for the first four) lets one truly on the bound pass about 12 % of the time over ten looks under normal noise.
/// Here each look has its own nominal level, set so that the chance of passing at any look is the stated risk (one
/// minus the run's <see cref="SloConfidence"/>: 5 % by default). The first <see cref="FixedLooks"/> looks, judged
/// mostly with the spread pooled over the search, test at a fixed level, <see cref="FixedLevelShare"/> of the risk
/// (a search that has repeated few configurations knows its spread on few degrees of
/// freedom, and a level of a millionth would need hundreds of standard errors there); what they leave of the risk is
/// spent over the later looks, where a configuration is judged by its own trials, by the Lan-DeMets spending function
/// of O'Brien-Fleming type, α(t) = 2 - 2Φ(z(1 - α/2) / √t) over those looks' information fraction t: almost
/// nothing at the fifth and sixth, most at the last, so a candidate near the bound can still pass at its eighth to
/// tenth trial.
/// Each look's boundary is found by the recursive numerical integration of Armitage, McPherson and Rowe over the
/// partial sums of independent standardised trials (every repeat of a configuration runs with its own seed, so their
/// sum is a random walk): the chance of crossing at look n, not having crossed before, is exactly what the spending
/// function allots to it for a configuration whose mean sits on the bound. Stopping the repeats earlier (a candidate
/// no longer worth a trial) only lowers the risk. At 5 % the nominal levels are 0.25 % at the first four
/// looks, under 0.01 % at the fifth, 0.12 % at the sixth, 0.6 % at the seventh, 1.5 % at the eighth, 2.7 % at the
/// ninth and 4.0 % at the tenth (1.75 standard errors of a normal mean instead of 1.64 for a single test).
/// </summary>
public sealed class SequentialBoundary
{
    private readonly double[] _levels;
    private readonly double[,] _quantiles;

    private SequentialBoundary(double[] levels, double risk)
    {
        _levels = levels;
        Risk = risk;
        _quantiles = new double[levels.Length, TabulatedFreedom];
        for (var look = 0; look < levels.Length; look++)
        {
            for (var freedom = 1; freedom <= TabulatedFreedom; freedom++)
            {
                _quantiles[look, freedom - 1] = UpperQuantile(freedom, levels[look]);
            }
        }
    }

    /// <summary>Degrees of freedom up to which the Student-t boundaries are tabulated.</summary>
    private const int TabulatedFreedom = 120;

    /// <summary>The planned looks (full trials) of the default boundary: the repeats a candidate may get.</summary>
    public const int PlannedLooks = 10;

    /// <summary>
    /// The looks tested at a fixed level (<see cref="FixedLevelShare"/> of the risk) before the O'Brien-Fleming-type
    /// spending.
    /// </summary>
    public const int FixedLooks = 4;

    /// <summary>
    /// The one-sided level of each of the first looks as a share of the risk over all looks: 0.25 % for 5 %. The first
    /// four looks then spend about the same share of any risk, 13-15 % of it (0.72 % of 5 %, 1.4 % of 10 %, 2.7 % of
    /// 20 %, by simulation of 400,000 normal paths), and the later looks spend the rest in the same shape, so a looser
    /// level loosens every look rather than only the first or the last.
    /// </summary>
    public const double FixedLevelShare = 0.05;

    /// <summary>
    /// The boundary for a false-pass risk over <see cref="PlannedLooks"/> looks: the first <see cref="FixedLooks"/>
    /// at <see cref="FixedLevelShare"/> of the risk each, then what is left of it spent O'Brien-Fleming-type over the
    /// fifth to the tenth.
    /// </summary>
    public static SequentialBoundary ForRisk(double risk) =>
        OBrienFleming(PlannedLooks, risk, FixedLooks, FixedLevelShare * risk);

    /// <summary>The false-pass risk spent over all looks.</summary>
    public double Risk { get; }

    /// <summary>The planned number of looks.</summary>
    public int Looks => _levels.Length;

    /// <summary>
    /// The nominal one-sided level of the test at look <paramref name="look"/> (1-based; looks past the planned ones
    /// keep the last look's level): a single test at that level, at that look, crosses the group-sequential boundary.
    /// </summary>
    public double Level(int look) => _levels[Math.Clamp(look, 1, _levels.Length) - 1];

    /// <summary>The boundary at a look in standard errors of a normal mean.</summary>
    public double Critical(int look) => Normal.InvCDF(0, 1, 1 - Level(look));

    /// <summary>
    /// The boundary at a look in standard errors of a mean whose spread was estimated on <paramref name="freedom"/>
    /// degrees of freedom: the Student-t quantile at the look's nominal level (the significance-level approach to
    /// group-sequential t-tests), the normal one without any degree of freedom.
    /// </summary>
    public double Quantile(int look, int freedom) =>
        freedom <= 0 ? 0
        : freedom <= TabulatedFreedom ? _quantiles[Math.Clamp(look, 1, _levels.Length) - 1, freedom - 1]
        : UpperQuantile(freedom, Level(look));

    /// <summary>
    /// The t value with <paramref name="freedom"/> degrees of freedom exceeded with chance <paramref name="tail"/>, by
    /// bisection on its lower tail (exact where the library's inverse fails to converge: at the first looks' levels of
    /// a billionth and less).
    /// </summary>
    private static double UpperQuantile(int freedom, double tail)
    {
        var (low, high) = (0.0, 1e12);
        for (var i = 0; i < 200 && high - low > 1e-9 * high; i++)
        {
            var middle = high > 1e6 * Math.Max(low, 1) ? Math.Sqrt(Math.Max(low, 1) * high) : (low + high) / 2;
            (low, high) = StudentT.CDF(0, 1, freedom, -middle) > tail ? (middle, high) : (low, middle);
        }

        return (low + high) / 2;
    }

    /// <summary>The Lan-DeMets O'Brien-Fleming-type spending function: the risk spent by a share of looks.</summary>
    public static double Spent(double fraction, double risk) =>
        fraction <= 0 ? 0 : 2 * (1 - Normal.CDF(0, 1, Normal.InvCDF(0, 1, 1 - (risk / 2)) / Math.Sqrt(fraction)));

    /// <summary>The boundary that spends <paramref name="risk"/> over <paramref name="looks"/> equal looks.</summary>
    public static SequentialBoundary OBrienFleming(int looks, double risk) => OBrienFleming(looks, risk, 0, 0);

    /// <summary>
    /// The boundary whose first <paramref name="fixedLooks"/> looks test at the fixed one-sided level
    /// <paramref name="fixedLevel"/> and whose later looks spend what is left of <paramref name="risk"/> in the
    /// O'Brien-Fleming shape over the information fraction of those later looks, so that the risk over every look is
    /// still exactly <paramref name="risk"/>.
    /// </summary>
    public static SequentialBoundary OBrienFleming(int looks, double risk, int fixedLooks, double fixedLevel)
    {
        var levels = new double[looks];
        // The density of the partial sum S of n standardised trials over the paths that have not crossed yet, on a
        // grid of step h (S = index × h); each look convolves it with one more standard normal trial.
        var density = Array.Empty<double>();
        var first = 0;
        var spent = 0.0;
        var spentFixed = 0.0;
        for (var n = 1; n <= looks; n++)
        {
            var (prior, priorFirst) = (density, first);
            double Crossing(double z) =>
                n == 1 ? 1 - Normal.CDF(0, 1, z) : CrossingAfter(prior, priorFirst, z * Math.Sqrt(n));

            var critical =
                n <= fixedLooks
                    ? Normal.InvCDF(0, 1, 1 - fixedLevel)
                    : Solve(
                        Crossing,
                        spentFixed
                            + (
                                (risk - spentFixed)
                                * Spent((double)(n - fixedLooks) / (looks - fixedLooks), risk)
                                / risk
                            )
                            - spent
                    );
            spent += Crossing(critical);
            spentFixed = n <= fixedLooks ? spent : spentFixed;
            levels[n - 1] = 1 - Normal.CDF(0, 1, critical);
            (density, first) = Continue(prior, priorFirst, n, critical * Math.Sqrt(n));
        }

        return new SequentialBoundary(levels, risk);
    }

    private const double Step = 0.02;

    /// <summary>How far below zero, in standard deviations of S, the grid reaches (the mass below is negligible).
    /// </summary>
    private const double Depth = 9;

    /// <summary>The chance that a path still below the boundary at the last look lands at or above s now.</summary>
    private static double CrossingAfter(double[] density, int first, double s)
    {
        var sum = 0.0;
        for (var i = 0; i < density.Length; i++)
        {
            sum += density[i] * (1 - Normal.CDF(0, 1, s - ((first + i) * Step)));
        }

        return sum * Step;
    }

    /// <summary>The density at look n of the paths that stay under <paramref name="top"/> (in S).</summary>
    private static (double[] Density, int First) Continue(double[] prior, int priorFirst, int n, double top)
    {
        var first = (int)Math.Floor(-Depth * Math.Sqrt(n) / Step);
        var last = (int)Math.Floor(Math.Min(top, Depth * Math.Sqrt(n)) / Step);
        var density = new double[Math.Max(0, last - first + 1)];
        if (n == 1)
        {
            for (var j = 0; j < density.Length; j++)
            {
                density[j] = Normal.PDF(0, 1, (first + j) * Step);
            }

            return (density, first);
        }

        // The kernel depends on the distance between grid points only, so it is tabulated once per look.
        var reach = density.Length + prior.Length;
        var kernel = new double[(2 * reach) + 1];
        for (var d = -reach; d <= reach; d++)
        {
            kernel[d + reach] = Normal.PDF(0, 1, d * Step) * Step;
        }

        for (var j = 0; j < density.Length; j++)
        {
            var sum = 0.0;
            var offset = first + j - priorFirst + reach;
            for (var i = 0; i < prior.Length; i++)
            {
                sum += prior[i] * kernel[offset - i];
            }

            density[j] = sum;
        }

        return (density, first);
    }

    /// <summary>The boundary z at which the crossing chance (falling in z) equals the target, by bisection.</summary>
    private static double Solve(Func<double, double> crossing, double target)
    {
        if (target <= 0)
        {
            return 40;
        }

        var (low, high) = (-10.0, 40.0);
        for (var i = 0; i < 60; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = crossing(middle) > target ? (middle, high) : (low, middle);
        }

        return (low + high) / 2;
    }
}
