using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Watches the plan's SLO on the server's own latency histogram. A TTFT SLO reads the first-token histogram; TPOT and
/// ITL SLOs the output-token one; any other SLO (end to end) has no guard but the queue. The latencies since the last
/// switch are judged again at every reading, so a share compared with a fixed threshold at each reading trips on noise
/// sooner or later: with a reading every 5 s at 1 req/s, a share of 0.2 % above a p99 bound (a fifth of what it
/// allows) tripped it in 39 % of hour-long stays in a band, and 0.5 % in 90 %. The guard trips on Wald's sequential
/// probability ratio test instead: when the likelihood of the counts with twice the guard's share above the bound
/// (<see cref="GovernorSettings.GuardBudget"/> of what the percentile allows, p99 with 0.5: 0.5 %; twice that is the
/// whole 1 %) reaches 1 / <see cref="GovernorSettings.GuardRisk"/> times their likelihood at the guard's share. At or
/// under that share the ratio is a nonnegative supermartingale, so by Ville's inequality the guard trips during a stay
/// with at most that risk however often it looks; a share well over it trips within minutes.
/// </summary>
public sealed partial class SloGuard(LoadPlan plan, GovernorSettings settings)
{
    private readonly bool firstToken = plan.SloMetric.StartsWith("ttft", StringComparison.Ordinal);
    private readonly bool outputToken =
        plan.SloMetric.StartsWith("tpot", StringComparison.Ordinal)
        || plan.SloMetric.StartsWith("itl", StringComparison.Ordinal);
    private readonly double allowedShare = (1 - Quantile(plan.SloMetric)) * settings.GuardBudget;
    private readonly double ratioBound = Math.Log(1 / settings.GuardRisk);
    private readonly double boundSeconds = plan.SloBoundMs / 1000;

    /// <summary>Why the SLO is in danger between two readings; null when it is not (or too little was seen).</summary>
    public string? Check(ServerLoad since, ServerLoad now)
    {
        var (earlier, later) =
            firstToken ? (since.FirstToken, now.FirstToken)
            : outputToken ? (since.OutputToken, now.OutputToken)
            : (null, null);
        if (earlier is null || later is null || later.Since(earlier) is not { } seen)
        {
            return null;
        }

        if (seen.Count < settings.GuardMinimumObservations)
        {
            return null;
        }

        var share = seen.ShareAbove(boundSeconds);
        return LogLikelihoodRatio(seen.Count, share * seen.Count) >= ratioBound
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"SLO guard: {share:P1} of {CountText.Of((long)Math.Round(seen.Count), "latency", "latencies")} above "
                    + $"{plan.SloBoundMs:0.###} ms "
                    + $"({plan.SloMetric} allows {allowedShare / settings.GuardBudget:P1})"
            )
            : null;
    }

    /// <summary>
    /// The log of the likelihood ratio of <paramref name="above"/> of <paramref name="count"/> latencies above the
    /// bound with twice the guard's share over it (kept under one) against the guard's share.
    /// </summary>
    private double LogLikelihoodRatio(double count, double above)
    {
        var danger = Math.Min(2 * allowedShare, (1 + allowedShare) / 2);
        return (above * Math.Log(danger / allowedShare))
            + ((count - above) * Math.Log((1 - danger) / (1 - allowedShare)));
    }

    private static double Quantile(string metric) =>
        PercentileName().Match(metric) is { Success: true } match
        && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
            ? p / Math.Pow(10, match.Groups[1].Value.Length)
            : 0.5;

    [GeneratedRegex(@"_p(\d+)_", RegexOptions.CultureInvariant)]
    private static partial Regex PercentileName();
}
