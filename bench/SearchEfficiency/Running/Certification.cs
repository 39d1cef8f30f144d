using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// Whether one configuration's trials certify it under the product's rules: its full trials measured one after
/// another at repetitions 0, 1, ... (the loads a strategy's repeats of it run), judged after each by the pick rule
/// (<see cref="RecommendationSelector.Leader"/>: the trials merged and judged as a run's are, by
/// <see cref="RepeatedTrials"/> and the sequential test of <see cref="ConfidentVerdicts"/>); a pass stands once the
/// configuration has the trials a recommendation is confirmed with (each of which may take it back). The trials go on
/// through verdicts that miss (or find that the configuration cannot carry the load) up to the cap of trials a
/// configuration gets: a search's own rule ends a configuration's repeats there (<see cref="StoppedAt"/>), but the
/// sequential test's risk holds over all its looks whether or not a search stops at a miss, so a search that repeated
/// it further could still certify it. <see cref="PassedAt"/>: the trial count at which it was certified (null: not
/// within the cap); <see cref="Trials"/>: the trials measured; <see cref="StoppedAt"/> and <see cref="Stop"/>: the
/// first trial count, before the pass, at which the merged verdict missed or the configuration could not carry the
/// load, and which (null: none).
/// </summary>
public sealed record Certification(Configuration Configuration, int Trials, int? PassedAt, int? StoppedAt, string? Stop)
{
    /// <summary>
    /// Certified by trials that a search ending a configuration's repeats at a miss would have measured.
    /// </summary>
    public bool Certified => PassedAt is not null && StoppedAt is null;

    /// <summary>Certified within the cap when repeated through misses.</summary>
    public bool CertifiedThroughMisses => PassedAt is not null;

    /// <summary>How its trials ended, for people: "met at 4", "missed at 1, then met at 6", "not met at 10".</summary>
    public string Ended =>
        (StoppedAt is { } stopped ? FormattableString.Invariant($"{Stop} at {stopped}, then ") : "")
        + (PassedAt is { } passed ? FormattableString.Invariant($"met at {passed}") : $"not met at {Trials}");

    /// <summary>
    /// Measures and judges <paramref name="configuration"/> as above: repeated while undecided up to
    /// <paramref name="maxRepeats"/> trials, a pass confirmed up to <paramref name="confirmTrials"/> trials.
    /// </summary>
    public static async Task<Certification> MeasureAsync(
        IEvaluator evaluator,
        SearchSpace space,
        ServiceLevelObjective slo,
        Configuration configuration,
        int maxRepeats,
        int confirmTrials,
        CancellationToken cancellationToken
    )
    {
        var pick = RecommendationSelector.Leader(slo, space.Objective, baseline: null, space: space);
        var trials = new List<Observation>();
        (int At, string Why)? stopped = null;
        while (true)
        {
            trials.Add(
                await evaluator.EvaluateAsync(
                    new TrialRequest(configuration, TrialFidelity.Full, trials.Count),
                    cancellationToken
                )
            );
            if (pick(trials) is not null)
            {
                if (trials.Count >= confirmTrials)
                {
                    return new Certification(configuration, trials.Count, trials.Count, stopped?.At, stopped?.Why);
                }

                // A pass is confirmed up to the confirmation's trials, past the cap of an undecided one's repeats.
                continue;
            }

            if (stopped is null && Stopped(RepeatedTrials.Merge(trials, slo).Single(), slo) is { } why)
            {
                stopped = (trials.Count, why);
            }

            if (trials.Count >= maxRepeats)
            {
                return new Certification(configuration, trials.Count, null, stopped?.At, stopped?.Why);
            }
        }
    }

    /// <summary>Why a search would repeat a configuration no more (its merged verdict); null while it would.</summary>
    private static string? Stopped(Observation merged, ServiceLevelObjective slo) =>
        !merged.Feasible ? "cannot carry the load"
        : slo.Constraints.Any(c => SloJudge.Judge(merged, c) == SloVerdict.Missed) ? "missed"
        : null;
}
