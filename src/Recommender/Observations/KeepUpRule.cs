using System.Globalization;
using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Whether a configuration keeps up with a rate-driven load (Poisson, trace): the number of requests waiting or in
/// service grows over the steady-state window by at most <see cref="BacklogShare"/> of the requests that arrived
/// inside it or <see cref="BacklogSlack"/> requests, whichever is more; that is, it completes at least 95 % of what
/// arrived, give or take ten requests. A configuration that does not is infeasible with the numbers as its reason.
/// Closed-loop loads (saturate, concurrency) offer no rate and are not judged.
/// </summary>
public static class KeepUpRule
{
    public const double BacklogShare = 0.05;

    public const int BacklogSlack = 10;

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
        if (growth <= Math.Max(BacklogSlack, BacklogShare * offered))
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
