using System.Collections.Immutable;
using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// Full trials of a rate-driven load on a queue, second by second, as the keep-up rule sees them: 30 s of warm-up,
/// then a 60 s window. Arrivals come from a two-state Markov-modulated Poisson process (<see cref="Modulated"/>); the
/// server completes a Poisson number of requests a second at its capacity while any wait. A trial records the
/// arrivals, the backlog growth and, as asked, the arrivals' index of dispersion over six sub-windows (<see
/// cref="ArrivalDispersion"/>), the batch occupancy (requests completed over those it could have, or the share of
/// each second it was busy) and the rate the load states (<see cref="MetricNames.LoadRate"/>); it is judged as the
/// runtime judges a trial (<see cref="KeepUpRule.Judge"/>).
/// </summary>
public static class QueueTrials
{
    /// <summary>Bursts of 9 req/s (mean 10 s) a sixth of the time, lulls of 1.8 req/s (mean 50 s): 3 req/s.</summary>
    public static readonly Modulated Bursty = new(9, 1.8, 10, 50);

    /// <summary>Poisson arrivals at 3 req/s.</summary>
    public static readonly Modulated Steady = new(3, 3, 10, 50);

    /// <summary>What a trial records besides its arrivals and backlog growth.</summary>
    public sealed record Recorded(
        bool Dispersion = true,
        bool Occupancy = false,
        bool LoadRate = false,
        bool BusyTime = false
    );

    public static Observation Trial(
        Random random,
        double capacity,
        Modulated load,
        Recorded recorded,
        Configuration? configuration = null
    )
    {
        var burst = random.NextDouble() < load.BurstShare;
        var queue = 0;
        var eachSecond = new List<int>();
        var start = 0;
        var completed = 0;
        var busy = 0.0;
        for (var second = 0; second < 90; second++)
        {
            if (second == 30)
            {
                start = queue;
            }

            burst = random.NextDouble() < 1.0 / (burst ? load.BurstSeconds : load.LullSeconds) ? !burst : burst;
            var arrived = Poisson.Sample(random, burst ? load.BurstRate : load.LullRate);
            var could = Poisson.Sample(random, capacity);
            var done = Math.Min(queue + arrived, could);
            if (second >= 30)
            {
                eachSecond.Add(arrived);
                completed += done;
                busy +=
                    could > 0 ? (double)done / could
                    : queue + arrived > 0 ? 1
                    : 0;
            }

            queue += arrived - done;
        }

        var offered = eachSecond.Sum();
        var metrics = ImmutableDictionary<string, double>
            .Empty.Add(MetricNames.OfferedRequests, offered)
            .Add(MetricNames.BacklogGrowth, queue - start)
            .Add(MetricNames.OfferedRate, offered / 60.0);
        if (recorded.Occupancy)
        {
            metrics = metrics.Add(
                MetricNames.BatchOccupancy,
                recorded.BusyTime ? busy / 60 : completed / (capacity * 60)
            );
        }

        if (recorded.LoadRate)
        {
            metrics = metrics.Add(MetricNames.LoadRate, load.MeanRate);
        }

        if (recorded.Dispersion && ArrivalDispersion.Of(eachSecond) is { } dispersion)
        {
            metrics = metrics.Add(MetricNames.ArrivalDispersion, dispersion);
        }

        return KeepUpRule.Judge(
            new Observation(configuration ?? Configuration.Of(("b", "1")), metrics) { Fidelity = TrialFidelity.Full }
        );
    }

    /// <summary>A two-state Markov-modulated Poisson process: each second it switches state with 1 / mean dwell.
    /// </summary>
    public sealed record Modulated(double BurstRate, double LullRate, double BurstSeconds, double LullSeconds)
    {
        public double BurstShare => BurstSeconds / (BurstSeconds + LullSeconds);

        /// <summary>The rate the load states: 3 req/s for both.</summary>
        public double MeanRate => (BurstShare * BurstRate) + ((1 - BurstShare) * LullRate);
    }
}
