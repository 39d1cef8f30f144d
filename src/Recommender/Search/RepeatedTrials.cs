using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Folds repeated trials of one configuration into one observation: full-fidelity trials outrank screening
/// ones; metrics are averaged; a trial's own SLO verdict stands when every repeat reached it, and repeats that
/// stayed undecided or disagree are pooled (their mean judged by <see cref="ConfidentVerdicts"/>); host time adds
/// up; repeats of a rate-driven load are infeasible when together they fell behind (<see
/// cref="KeepUpRule.PooledProblem"/>), not when one of them alone did. Recommendations read the merged list, so one
/// lucky noisy trial cannot win.
/// </summary>
public static class RepeatedTrials
{
    public static IReadOnlyList<Observation> Merge(IEnumerable<Observation> observations) =>
        [.. observations.GroupBy(o => o.Configuration).Select(g => MergeOne(g.Key, [.. g]))];

    /// <summary>Merges, then judges each configuration against the SLO with the noise the repeats showed.</summary>
    public static IReadOnlyList<Observation> Merge(
        IReadOnlyList<Observation> observations,
        ServiceLevelObjective slo
    ) => ConfidentVerdicts.Apply(observations, Merge(observations), slo);

    /// <summary>How many trials at each fidelity a configuration has had.</summary>
    public static int Count(
        IEnumerable<Observation> observations,
        Configuration configuration,
        TrialFidelity fidelity
    ) => observations.Count(o => o.Fidelity == fidelity && o.Configuration.Equals(configuration));

    /// <summary>
    /// The trials of one configuration that its merged figures are the mean of, as <c>Merge</c>
    /// takes them: those short only of samples as measurements, other invalid ones left out when a valid one exists,
    /// and the full-fidelity ones where there are any. The reports' "mean of N trials" counts these.
    /// </summary>
    public static IReadOnlyList<Observation> Averaged(IEnumerable<Observation> trials) => FullFirst(Kept(trials));

    private static IReadOnlyList<Observation> Kept(IEnumerable<Observation> trials)
    {
        // A trial short only of samples measured what it measured, with its verdict undecided: it counts as a
        // measurement, so that repeats pool. Any other invalid trial says nothing about the configuration when a
        // valid one of it exists.
        List<Observation> kept = [.. trials.Select(o => o.ShortOfSamples ? AsMeasurement(o) : o)];
        return kept.Any(o => !o.Invalid) ? [.. kept.Where(o => !o.Invalid)] : kept;
    }

    private static IReadOnlyList<Observation> FullFirst(IReadOnlyList<Observation> trials) =>
        trials.Any(o => o.Fidelity == TrialFidelity.Full)
            ? [.. trials.Where(o => o.Fidelity == TrialFidelity.Full)]
            : trials;

    private static Observation MergeOne(Configuration configuration, IReadOnlyList<Observation> trials)
    {
        var hostTime = trials.Aggregate(TimeSpan.Zero, (t, o) => t + o.HostTime);
        trials = Kept(trials);
        if (trials.Count == 1)
        {
            var only = trials[0] with { HostTime = hostTime };
            return only.Feasible && KeepUpRule.CapacityProblem(trials) is { } noSpare
                ? only with
                {
                    Feasible = false,
                    InfeasibleReason = noSpare,
                }
                : only;
        }

        // A repeat behind its load on its own backlog is a measurement of it: the repeats are judged on their pooled
        // backlog, so that each repeat is not one more chance to be ruled out by noise. A trial that could not run
        // decides.
        if (trials.FirstOrDefault(o => !o.Feasible && !KeepUpRule.IsBehindOnItsOwn(o)) is { } failed)
        {
            return failed with { HostTime = hostTime };
        }

        trials = [.. trials.Select(o => o.Feasible ? o : o with { Feasible = true, InfeasibleReason = null })];

        var used = FullFirst(trials);
        // One full trial is judged as a trial alone is; the looks at repeats share their risk.
        var risk = used.Count > 1 ? KeepUpRule.RepeatsRisk(SequentialBoundary.PlannedLooks) : KeepUpRule.OneSidedRisk;
        if ((KeepUpRule.PooledProblem(used, risk) ?? KeepUpRule.CapacityProblem(used)) is { } behind)
        {
            return used[^1] with { Feasible = false, InfeasibleReason = behind, HostTime = hostTime };
        }

        var metrics = used.SelectMany(o => o.Metrics.Keys)
            .Distinct()
            .ToImmutableDictionary(k => k, k => used.Where(o => o.Metrics.ContainsKey(k)).Average(o => o.Metrics[k]));
        // A verdict the trials made themselves stands when every repeat reached it; repeats that stayed undecided
        // or disagree pool into their mean, which ConfidentVerdicts judges with the spread the repeats showed.
        var verdicts = used.SelectMany(o => o.Verdicts.Keys)
            .Distinct()
            .Select(k => (Key: k, Seen: used.Select(o => o.Verdicts.GetValueOrDefault(k, SloVerdict.Undecided))))
            .Where(p => p.Seen.Distinct().Count() == 1 && p.Seen.First() != SloVerdict.Undecided)
            .ToImmutableDictionary(p => p.Key, p => p.Seen.First());
        return new Observation(configuration, metrics)
        {
            Fidelity = used[0].Fidelity,
            HostTime = hostTime,
            Verdicts = verdicts,
        };
    }

    private static Observation AsMeasurement(Observation trial) =>
        trial with
        {
            Feasible = true,
            InvalidReason = null,
            InfeasibleReason = null,
            ShortOfSamples = false,
        };
}
