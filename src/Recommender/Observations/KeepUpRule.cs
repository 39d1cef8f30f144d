using System.Globalization;
using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Whether a configuration keeps up with a rate-driven load (Poisson, trace): the number of requests waiting or in
/// service grows over the steady-state window by at most the largest of <see cref="BacklogShare"/> of the requests
/// that arrived inside it (it completes at least 95 % of what arrived), <see cref="BacklogSlack"/> requests, and
/// <see cref="NoiseZ"/> standard deviations of the arrival count (√n for n Poisson arrivals): a stable queue's
/// backlog moves by at least as much as its arrivals vary, so a growth within that is no evidence of falling
/// behind (one-sided 99 %). A 60 s window at 3 req/s holds about 180 arrivals, whose count alone varies by ±13;
/// without the noise term one trial of a configuration that keeps up was called infeasible for good whenever its
/// arrivals came in a burst. A configuration that does not keep up is infeasible with the numbers as its reason.
/// Closed-loop loads (saturate, concurrency) offer no rate and are not judged.
/// </summary>
public static class KeepUpRule
{
    public const double BacklogShare = 0.05;

    public const int BacklogSlack = 10;

    /// <summary>How a reason of <see cref="Problem"/> and <see cref="PooledProblem"/> starts.</summary>
    public const string CannotKeepUp = "cannot keep up";

    /// <summary>How a reason of <see cref="CapacityProblem"/> starts.</summary>
    public const string CannotCarry = "cannot carry the load";

    /// <summary>Whether an infeasible reason is this rule's: the configuration could not carry the load.</summary>
    public static bool IsItsReason(string? reason) =>
        reason is not null
        && (
            reason.StartsWith(CannotKeepUp, StringComparison.Ordinal)
            || reason.StartsWith(CannotCarry, StringComparison.Ordinal)
        );

    /// <summary>One-sided 99 % normal quantile: how many arrival-count deviations noise may explain.</summary>
    public const double NoiseZ = 2.326;

    /// <summary>The largest backlog growth, in requests, that still counts as keeping up with these arrivals.</summary>
    public static double AllowedGrowth(double offered) =>
        Math.Max(Math.Max(BacklogSlack, BacklogShare * offered), NoiseZ * Math.Sqrt(Math.Max(0, offered)));

    /// <summary>Why the configuration did not keep up with the offered load; null when it did or none was.</summary>
    public static string? Problem(Observation observation)
    {
        if (
            observation.Metric(MetricNames.OfferedRequests) is not { } offered
            || observation.Metric(MetricNames.BacklogGrowth) is not { } growth
            || offered <= 0
        )
        {
            return null;
        }

        if (growth <= AllowedGrowth(offered))
        {
            return null;
        }

        return Describe(observation.Metric(MetricNames.OfferedRate) ?? 0, offered, growth, "in the window");
    }

    /// <summary>
    /// Why repeats of one configuration, together, did not keep up: the rule applied to their summed arrivals and
    /// backlog growth, as one window as long as all of theirs. Repeats that each stay within their own allowance but
    /// all grow are a queue that falls behind (a configuration serving 95 % of the rate grows in every trial); the
    /// noise allowance of the sum grows only as the square root of the arrivals. Null with fewer than two repeats
    /// that measured a rate-driven load.
    /// </summary>
    public static string? PooledProblem(IReadOnlyList<Observation> repeats)
    {
        var judged = repeats
            .Select(o => (Offered: o.Metric(MetricNames.OfferedRequests), Growth: o.Metric(MetricNames.BacklogGrowth)))
            .Where(p => p.Offered is > 0 && p.Growth is not null)
            .ToList();
        if (judged.Count < 2)
        {
            return null;
        }

        var offered = judged.Sum(p => p.Offered!.Value);
        var growth = judged.Sum(p => p.Growth!.Value);
        return growth <= AllowedGrowth(offered)
            ? null
            : Describe(
                repeats.Select(o => o.Metric(MetricNames.OfferedRate)).OfType<double>().DefaultIfEmpty(0).Average(),
                offered,
                growth,
                $"over {judged.Count} trials"
            );
    }

    /// <summary>
    /// Why full trials of one configuration, together, show no spare capacity for a rate-driven load; null when they
    /// do, or when none recorded both the arrivals and the batch occupancy. By Little's law the mean running batch is
    /// the arrival rate times the mean time a request holds a batch slot, so the occupancy (mean running batch over
    /// the cap, <see cref="MetricNames.BatchOccupancy"/>) is the utilisation ρ of the slots, and a queue is stable
    /// only while ρ &lt; 1. The backlog test above cannot tell ρ = 0.97 from ρ = 0.8: a trial starts from an empty
    /// queue, and near ρ = 1 the queue takes far longer than a 60 s window to fill (its relaxation time grows as
    /// 1 / (1 - √ρ)²), so every short trial keeps up while a longer run falls behind. The trials show spare
    /// capacity when the occupancy, weighted by their arrivals, stays under 1 by <see cref="NoiseZ"/> times its
    /// relative error from the arrival count alone (1/√n for n Poisson arrivals; the service times' own spread would
    /// only widen it).
    /// </summary>
    public static string? CapacityProblem(IReadOnlyList<Observation> trials)
    {
        var judged = trials
            .Where(o => o.Fidelity == TrialFidelity.Full)
            .Select(o =>
                (Offered: o.Metric(MetricNames.OfferedRequests), Occupancy: o.Metric(MetricNames.BatchOccupancy))
            )
            .Where(p => p.Offered is > 0 && p.Occupancy is >= 0)
            .ToList();
        if (judged.Count == 0)
        {
            return null;
        }

        var offered = judged.Sum(p => p.Offered!.Value);
        var occupancy = judged.Sum(p => p.Offered!.Value * p.Occupancy!.Value) / offered;
        var upper = occupancy * (1 + (NoiseZ / Math.Sqrt(offered)));
        return upper < 1
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{CannotCarry}: batch slots {occupancy:P0} occupied over {offered:0} arrivals ({judged.Count} "
                    + $"trial{(judged.Count == 1 ? "" : "s")}), up to {upper:P0} within the arrivals' noise: no spare "
                    + $"capacity"
            );
    }

    private static string Describe(double rate, double offered, double growth, string where)
    {
        var completed = offered - growth;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{CannotKeepUp}: served {rate * Math.Max(0, completed) / offered:0.0#} {MetricCatalogue.OfferedRate.Unit} "
                + $"of {rate:0.0#} offered; queue grew by {growth:0} requests {where}"
        );
    }
}
