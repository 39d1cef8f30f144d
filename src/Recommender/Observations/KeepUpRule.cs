using System.Globalization;
using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Whether a configuration keeps up with a rate-driven load (Poisson, trace): the number of requests waiting or in
/// service grows over the steady-state window by at most the largest of <see cref="BacklogShare"/> of the requests
/// that arrived inside it (it completes at least 95 % of what arrived), <see cref="BacklogSlack"/> requests, and
/// <see cref="NoiseZ"/> standard deviations of the arrival count (√n for n Poisson arrivals, √(D·n) for arrivals
/// whose index of dispersion D, <see cref="ArrivalDispersion"/>, is above 1): a stable queue's backlog moves by at
/// least as much as its arrivals vary, so a growth within that is no evidence of falling behind (one-sided 99 %). A
/// 60 s window at 3 req/s holds about 180 arrivals, whose count alone varies by ±13; without the noise term one trial
/// of a configuration that keeps up was called infeasible for good whenever its arrivals came in a burst. A
/// configuration that does not keep up is infeasible with the numbers as its reason. Closed-loop loads (saturate,
/// concurrency) offer no rate and are not judged.
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

    /// <summary>
    /// The trial as measured, or infeasible with the numbers when it alone did not keep up (<see cref="Problem"/>).
    /// </summary>
    public static Observation Judge(Observation trial) =>
        Problem(trial) is { } problem ? trial with { Feasible = false, InfeasibleReason = problem } : trial;

    /// <summary>
    /// Whether a trial is infeasible only because its own backlog grew beyond <see cref="Problem"/>'s allowance, with
    /// the arrivals and growth that let it be judged together with other trials (<see cref="PooledProblem"/>).
    /// </summary>
    public static bool IsBehindOnItsOwn(Observation trial) =>
        !trial.Feasible
        && trial.InfeasibleReason?.StartsWith(CannotKeepUp, StringComparison.Ordinal) == true
        && trial.Metric(MetricNames.OfferedRequests) is > 0
        && trial.Metric(MetricNames.BacklogGrowth) is not null;

    /// <summary>
    /// What an infeasible configuration could not do, in the words every text uses: "could not carry the load" when
    /// this rule ruled it out (it ran, and its figures were measured at a lighter load than was offered), else "could
    /// not run".
    /// </summary>
    public static string CouldNot(string? reason) => IsItsReason(reason) ? "could not carry the load" : "could not run";

    /// <summary>One-sided 99 % normal quantile: how many arrival-count deviations noise may explain.</summary>
    public const double NoiseZ = 2.326;

    /// <summary>
    /// The chance that each look at the pooled repeats of a configuration judged at each of up to <paramref
    /// name="plannedLooks"/> full trials may call one that keeps up behind: the 1 % that <see cref="NoiseZ"/> leaves
    /// its first trial, shared by the looks after it (0.11 %, 3.06 deviations, for ten looks).
    /// </summary>
    public static double RepeatsRisk(int plannedLooks) => OneSidedRisk / Math.Max(1, plannedLooks - 1);

    /// <summary>The chance that one judgement calls a configuration that keeps up behind (<see cref="NoiseZ"/>).
    /// </summary>
    public const double OneSidedRisk = 0.01;

    /// <summary>
    /// The largest backlog growth, in requests, that still counts as keeping up with these arrivals, whose count
    /// varies by <paramref name="variance"/> (n for n Poisson arrivals, <see cref="ArrivalVariance"/>).
    /// </summary>
    private static double AllowedGrowth(double offered, double variance, double z) =>
        Math.Max(
            Math.Max(BacklogSlack, BacklogShare * offered),
            z * Math.Sqrt(Math.Max(0, Math.Max(offered, variance)))
        );

    /// <summary>
    /// How much a trial's arrival count varies: its arrivals times their index of dispersion
    /// (<see cref="MetricNames.ArrivalDispersion"/>), never less than the Poisson count's n (a dispersion under 1 in
    /// six sub-windows is mostly chance); n where the trial did not record it.
    /// </summary>
    public static double ArrivalVariance(Observation trial) =>
        (trial.Metric(MetricNames.OfferedRequests) ?? 0)
        * Math.Max(1, trial.Metric(MetricNames.ArrivalDispersion) ?? 1);

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

        if (growth <= AllowedGrowth(offered, ArrivalVariance(observation), NoiseZ))
        {
            return null;
        }

        return Describe(observation.Metric(MetricNames.OfferedRate) ?? 0, offered, growth, "in the window");
    }

    /// <summary>
    /// Why repeats of one configuration, together, did not keep up: the rule applied to their summed arrivals and
    /// backlog growth, as one window as long as all of theirs. Repeats that each stay within their own allowance but
    /// all grow are a queue that falls behind (a configuration serving 95 % of the rate grows in every trial); the
    /// noise allowance of the sum grows only as the square root of the arrivals. The repeats are judged again after
    /// each of them (a search repeats an undecided candidate up to its planned looks, ten full trials) and
    /// one found behind is not repeated, so a test at 99 % at every look would rule out a configuration that keeps up
    /// far more often than 1 %: 4.4 % over ten looks, and 10.7 % when any one repeat behind on its own also ruled it
    /// out (seeded Monte Carlo, 60 s trials at 3 req/s). Its first trial is judged alone at 99 % (<see
    /// cref="Problem"/>); the looks after it share another 1 % (Bonferroni, <see cref="RepeatsRisk"/>), so one that
    /// keeps up is ruled out at most 2 % of the time over all its looks (1.3 % measured). <paramref name="risk"/> is
    /// the one-sided chance of calling trials that keep up behind. Null when none measured a rate-driven load.
    /// </summary>
    public static string? PooledProblem(IReadOnlyList<Observation> repeats, double risk)
    {
        var judged = repeats
            .Select(o =>
                (
                    Offered: o.Metric(MetricNames.OfferedRequests),
                    Growth: o.Metric(MetricNames.BacklogGrowth),
                    Variance: ArrivalVariance(o)
                )
            )
            .Where(p => p.Offered is > 0 && p.Growth is not null)
            .ToList();
        if (judged.Count == 0)
        {
            return null;
        }

        var offered = judged.Sum(p => p.Offered!.Value);
        var growth = judged.Sum(p => p.Growth!.Value);
        var variance = judged.Sum(p => p.Variance);
        return growth <= AllowedGrowth(offered, variance, Normal.InvCDF(0, 1, 1 - risk))
            ? null
            : Describe(
                repeats.Select(o => o.Metric(MetricNames.OfferedRate)).OfType<double>().DefaultIfEmpty(0).Average(),
                offered,
                growth,
                judged.Count == 1 ? "in the window" : $"over {CountText.Of(judged.Count, "trial")}"
            );
    }

    /// <summary>
    /// Why full trials of one configuration, together, show no spare capacity for a rate-driven load; null when they
    /// do, or when none recorded both the arrivals and the batch occupancy. By Little's law the mean running batch is
    /// the rate requests enter service times the mean time a request holds a batch slot, so the occupancy (mean
    /// running batch over the largest batch the engine could hold, <see cref="BatchOccupancy"/>: max_num_seqs or what
    /// the KV cache holds) is the utilisation ρ of the slots, and a queue is stable only while ρ &lt; 1. The backlog
    /// test above cannot tell ρ = 0.97 from ρ = 0.8: a trial starts from an empty queue, and near ρ = 1 the queue
    /// takes far longer than a 60 s window to fill (its relaxation time grows as 1 / (1 - √ρ)²), so every short
    /// trial keeps up while a longer run falls behind. A window's occupancy is its own rate's, though: one that held
    /// a burst reads high for a configuration with room for the load. Where the load states its rate (<see
    /// cref="MetricNames.LoadRate"/>), ρ is therefore judged at that rate (<see cref="AtLoadRate"/>); where it does
    /// not, at the windows' own (<see cref="AtWindowRate"/>).
    /// </summary>
    public static string? CapacityProblem(IReadOnlyList<Observation> trials)
    {
        var full = trials.Where(o => o.Fidelity == TrialFidelity.Full).ToList();
        return full.Count > 0 && full.All(o => Slots.Of(o) is not null) ? AtLoadRate(full) : AtWindowRate(full);
    }

    /// <summary>
    /// ρ at the load's stated rate λ: the occupancy-seconds of the windows per request they completed (the mean time
    /// a request held the slots, by Little's law, whatever the window's own rate) times λ. A window that held a burst
    /// completed more requests and its occupancy rose with them; their ratio does not. The arrival count's noise is
    /// gone with the window's rate; what remains is the mean holding time of n completed requests, whose relative
    /// error is the holding times' coefficient of variation over √n: 1/√n taken (exponential holding times, as a
    /// queue of requests of geometric output lengths has), so ρ must stay under 1 by <see cref="NoiseZ"/>/√n of
    /// itself, the same bound as before on completions rather than arrivals.
    /// </summary>
    private static string? AtLoadRate(IReadOnlyList<Observation> trials)
    {
        var slots = trials.Select(o => Slots.Of(o)!).ToList();
        var completed = slots.Sum(s => s.Completed);
        var seconds = slots.Sum(s => s.Seconds);
        var rate = slots.Average(s => s.LoadRate);
        var windows = slots.Sum(s => s.Occupancy * s.Seconds) / seconds;
        var occupancy = windows * seconds / completed * rate;
        var upper = occupancy * (1 + (NoiseZ / Math.Sqrt(completed)));
        return upper < 1
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{CannotCarry}: batch slots {occupancy:P0} occupied at the load's {rate:0.0#} "
                    + $"{MetricCatalogue.OfferedRate.Unit} ({windows:P0} in the "
                    + $"{(slots.Count == 1 ? "window" : "windows")}, "
                    + $"which served {completed / seconds:0.0#}), up to {upper:P0} within the noise of {completed:0} "
                    + $"completions ({CountText.Of(slots.Count, "trial")}): no spare capacity"
            );
    }

    /// <summary>
    /// ρ at the windows' own rate, for a load that states none: the occupancy weighted by arrivals stays under 1 by
    /// <see cref="NoiseZ"/> times its relative error from the arrival count alone (1/√n for n Poisson arrivals).
    /// </summary>
    private static string? AtWindowRate(IReadOnlyList<Observation> trials)
    {
        var judged = trials
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
                $"{CannotCarry}: batch slots {occupancy:P0} occupied over "
                    + $"{CountText.Of((long)Math.Round(offered), "arrival")} "
                    + $"({CountText.Of(judged.Count, "trial")}), "
                    + $"up to {upper:P0} within the arrivals' noise: no spare capacity"
            );
    }

    /// <summary>What one trial says of its slots: their occupancy over its window and what it completed.</summary>
    private sealed record Slots(double Occupancy, double Seconds, double Completed, double LoadRate)
    {
        public static Slots? Of(Observation o) =>
            o.Metric(MetricNames.OfferedRequests) is double offered and > 0
            && o.Metric(MetricNames.BacklogGrowth) is double growth
            && o.Metric(MetricNames.OfferedRate) is double windowRate and > 0
            && o.Metric(MetricNames.LoadRate) is double loadRate and > 0
            && o.Metric(MetricNames.BatchOccupancy) is double occupancy and >= 0
            && offered - growth > 0
                ? new Slots(occupancy, offered / windowRate, offered - growth, loadRate)
                : null;
    }

    private static string Describe(double rate, double offered, double growth, string where)
    {
        var completed = offered - growth;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{CannotKeepUp}: served {rate * Math.Max(0, completed) / offered:0.0#} {MetricCatalogue.OfferedRate.Unit} "
                + $"of {rate:0.0#} offered; queue grew by {CountText.Of((long)Math.Round(growth), "request")} {where}"
        );
    }
}
