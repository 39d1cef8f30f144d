using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Prometheus;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Watches the plan's SLO on the server's own latency histogram: it trips when the share of latencies above the bound
/// since <c>since</c> spends more than <see cref="GovernorSettings.GuardBudget"/> of what the SLO's percentile allows
/// (p99: 1 %). A TTFT SLO reads the first-token histogram; TPOT and ITL SLOs the output-token one; any other SLO
/// (end to end) has no guard but the queue.
/// </summary>
public sealed partial class SloGuard(LoadPlan plan, GovernorSettings settings)
{
    private readonly bool firstToken = plan.SloMetric.StartsWith("ttft", StringComparison.Ordinal);
    private readonly bool outputToken =
        plan.SloMetric.StartsWith("tpot", StringComparison.Ordinal)
        || plan.SloMetric.StartsWith("itl", StringComparison.Ordinal);
    private readonly double allowedShare = (1 - Quantile(plan.SloMetric)) * settings.GuardBudget;
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
        return share > allowedShare
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"SLO guard: {share:P1} of {seen.Count:0} latencies above {plan.SloBoundMs:0.###} ms "
                    + $"({plan.SloMetric} allows {allowedShare / settings.GuardBudget:P1})"
            )
            : null;
    }

    private static double Quantile(string metric) =>
        PercentileName().Match(metric) is { Success: true } match
        && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
            ? p / Math.Pow(10, match.Groups[1].Value.Length)
            : 0.5;

    [GeneratedRegex(@"_p(\d+)_", RegexOptions.CultureInvariant)]
    private static partial Regex PercentileName();
}
