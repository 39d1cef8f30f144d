using MathNet.Numerics.Distributions;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Judges merged observations against an SLO with the measurement noise seen in repeated full trials: the
/// relative spread of each SLO metric is pooled over every configuration measured more than once, and a
/// constraint is met only when the mean stays under the bound by a Student-t multiple of its standard error, missed
/// when it is over by one, and undecided in between. A configuration is judged again after each of its trials and an
/// undecided one is repeated until it is decided, so the pass side is a group-sequential test
/// (<see cref="SequentialBoundary"/>): its multiple at each trial count is set so that one truly on the bound passes
/// at most one minus the SLO's confidence (<see cref="SloConfidence"/>; 5 % at 95 %) of the time over all its looks,
/// where a fixed test at every look would pass it far more often. The t quantile keeps a spread estimated from few
/// repeats from claiming too much. The miss side tests at 99 % whatever the level, and from
/// <see cref="PosteriorTrials"/> trials by a posterior probability of meeting the bound of at most one minus
/// <see cref="PosteriorConfidence"/>. Where a configuration's own repeats (three or more) spread wider than the pooled
/// noise (tails grow near saturation), and always from <see cref="PosteriorTrials"/> trials, its own spread and
/// degrees of freedom are used (<see cref="Spread"/>). A verdict the trial made itself stands. A percentile
/// constraint whose trials counted their samples over the bound is judged on those counts instead
/// (<see cref="PercentileShares"/>): a trial's percentile is biased low by its rank, and a mean of biased percentiles
/// passed one on the bound far more often than the stated risk.
/// </summary>
public static class ConfidentVerdicts
{
    public static IReadOnlyList<Observation> Apply(
        IReadOnlyList<Observation> trials,
        IReadOnlyList<Observation> merged,
        ServiceLevelObjective slo
    )
    {
        var spreads = slo.Constraints.ToDictionary(
            c => c.MetricName,
            c => (Spread: PooledLogSpread(trials, c.MetricName, out var freedom), Freedom: freedom)
        );
        if (spreads.Values.All(s => s.Spread <= 0))
        {
            return merged;
        }

        var full = trials
            .Where(o => o.Fidelity == TrialFidelity.Full)
            .GroupBy(o => o.Configuration)
            .ToDictionary(g => g.Key, g => g.ToList());
        return [.. merged.Select(o => Judge(o, full.GetValueOrDefault(o.Configuration) ?? [], slo, spreads))];
    }

    private static Observation Judge(
        Observation observation,
        IReadOnlyList<Observation> repeats,
        ServiceLevelObjective slo,
        Dictionary<string, (double Spread, int Freedom)> spreads
    )
    {
        if (!observation.Feasible || observation.Fidelity != TrialFidelity.Full)
        {
            return observation;
        }

        var verdicts = observation.Verdicts;
        var trials = Math.Max(1, repeats.Count);
        foreach (var constraint in slo.Constraints.Where(c => !observation.Verdicts.ContainsKey(c.MetricName)))
        {
            if (PercentileShares.Judge(repeats, constraint, slo.Confidence) is { } byShare)
            {
                verdicts = verdicts.SetItem(constraint.MetricName, byShare);
                continue;
            }

            var (spread, freedom) = Spread(repeats, constraint.MetricName, spreads[constraint.MetricName]);

            if (observation.Metric(constraint.MetricName) is not > 0 || spread <= 0)
            {
                continue;
            }

            var error = spread / Math.Sqrt(trials);
            var distance = Math.Log(observation.Metric(constraint.MetricName)!.Value / constraint.ThresholdMs);
            verdicts = verdicts.SetItem(
                constraint.MetricName,
                distance + (PassQuantile(trials, freedom, slo.Confidence) * error) <= 0 ? SloVerdict.Met
                    : distance - (MissQuantile(trials, freedom) * error) > 0 ? SloVerdict.Missed
                    : SloVerdict.Undecided
            );
        }

        return observation with
        {
            Verdicts = verdicts,
        };
    }

    /// <summary>
    /// The spread a configuration's mean is judged with, and its degrees of freedom: from
    /// <see cref="PosteriorTrials"/> full trials its own (the noise differs between configurations: tails widen near
    /// saturation and stay tight far from it, so a spread pooled over the whole search misjudges both, and from five
    /// trials the t quantile for its own four or more degrees of freedom covers what its estimate leaves uncertain);
    /// with fewer, the pooled one, or its own when that is wider on two or more degrees of freedom.
    /// </summary>
    public static (double Spread, int Freedom) Spread(
        IReadOnlyList<Observation> repeats,
        string metric,
        (double Spread, int Freedom) pooled
    )
    {
        var own = PooledLogSpread(repeats, metric, out var ownFreedom);
        return ownFreedom >= PosteriorTrials - 1 && own > 0 ? (own, ownFreedom)
            : ownFreedom >= 2 && own > pooled.Spread ? (own, ownFreedom)
            : pooled;
    }

    /// <summary>
    /// The pooled standard deviation of the log of a metric over configurations with several full trials.
    /// </summary>
    public static double PooledLogSpread(IEnumerable<Observation> trials, string metric) =>
        PooledLogSpread(trials, metric, out _);

    /// <summary>The confidence a miss needs before <see cref="PosteriorTrials"/> trials (one-sided).</summary>
    public const double Confidence = 0.99;

    /// <summary>
    /// The Student-t multiple of the standard error by which a mean over <paramref name="trials"/> full trials must
    /// stay under the bound to pass: the nominal level at that look of the group-sequential boundary of the SLO's
    /// <paramref name="confidence"/>, so that a configuration tested after each of its trials until it passes
    /// passes, when it truly sits on the bound, at most one minus that confidence of the time over all its looks. The
    /// t quantile for the spread's degrees of freedom at that level carries the boundary over to a spread estimated
    /// from the trials themselves (the significance-level approach to group-sequential t-tests).
    /// </summary>
    public static double PassQuantile(int trials, int freedom, SloConfidence confidence) =>
        confidence.Boundary.Quantile(trials, freedom);

    /// <summary>
    /// The multiple by which a mean must be over the bound to miss it: 99 % below <see cref="PosteriorTrials"/> trials,
    /// then a posterior probability of meeting the bound of at most 1 - <see cref="PosteriorConfidence"/>. A miss stops
    /// the repeats of a configuration and cannot make a pick miss the SLO, so it needs no sequential correction.
    /// </summary>
    public static double MissQuantile(int trials, int freedom) =>
        Quantile(freedom, trials >= PosteriorTrials ? PosteriorConfidence : Confidence);

    /// <summary>
    /// Full trials from which a configuration is judged by its posterior probability of meeting the bound.
    /// </summary>
    public const int PosteriorTrials = 5;

    /// <summary>
    /// The posterior probability of meeting the bound that a pass needs from <see cref="PosteriorTrials"/> trials.
    /// </summary>
    public const double PosteriorConfidence = 0.95;

    /// <summary>
    /// The one-sided quantile of Student's t at this level with these degrees of freedom (0 when there are none).
    /// </summary>
    public static double Quantile(int freedom, double level) =>
        freedom == 0 ? 0 : StudentT.InvCDF(0, 1, freedom, level);

    /// <summary>The pooled spread, with the degrees of freedom (repeats beyond the first) it rests on.</summary>
    public static double PooledLogSpread(IEnumerable<Observation> trials, string metric, out int freedom)
    {
        var squares = 0.0;
        freedom = 0;
        foreach (
            var group in trials
                .Where(o => o.Fidelity == TrialFidelity.Full && o.Metric(metric) is > 0)
                .GroupBy(o => o.Configuration)
        )
        {
            var logs = group.Select(o => Math.Log(o.Metric(metric)!.Value)).ToList();
            if (logs.Count > 1)
            {
                var mean = logs.Average();
                squares += logs.Sum(x => (x - mean) * (x - mean));
                freedom += logs.Count - 1;
            }
        }

        return freedom == 0 ? 0 : Math.Sqrt(squares / freedom);
    }
}
