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

        var completed = offered - growth;
        if (growth <= AllowedGrowth(offered))
        {
            return null;
        }

        var rate = observation.Metric(MetricNames.OfferedRate) ?? 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"cannot keep up: served {rate * Math.Max(0, completed) / offered:0.0#} req/s of {rate:0.0#} offered; "
                + $"queue grew by {growth:0} requests in the window"
        );
    }
}
