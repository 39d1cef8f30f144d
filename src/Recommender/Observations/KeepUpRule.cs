using System.Globalization;
using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Whether a configuration keeps up with a rate-driven load (Poisson, trace): it completes at least
/// <see cref="MinimumCompletedShare"/> of the requests that arrived inside the steady-state window, and the number
/// waiting or in service grows over the window by at most <see cref="BacklogSlack"/> requests or
/// <see cref="BacklogShare"/> of those that arrived, whichever is more. A configuration that does not is infeasible
/// with the numbers as its reason. Closed-loop loads (saturate, concurrency) offer no rate and are not judged.
/// </summary>
public static class KeepUpRule
{
    public const double MinimumCompletedShare = 0.95;

    public const double BacklogShare = 0.05;

    public const int BacklogSlack = 10;

    /// <summary>Why the configuration did not keep up with the offered load, or null when it did (or none was).</summary>
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
        if (completed >= MinimumCompletedShare * offered && growth <= Math.Max(BacklogSlack, BacklogShare * offered))
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
