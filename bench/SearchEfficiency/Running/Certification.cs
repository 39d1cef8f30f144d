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
/// configuration has the trials a recommendation is confirmed with, a miss (or a configuration that cannot carry
/// the load) ends its repeats, and what is still undecided at the cap of trials a configuration gets is not
/// certified. <see cref="PassedAt"/>: the trial count at which it was certified (null: not certified);
/// <see cref="Trials"/>: the trials measured; <see cref="Ended"/>: why they stopped.
/// </summary>
public sealed record Certification(Configuration Configuration, int Trials, int? PassedAt, string Ended)
{
    public bool Certified => PassedAt is not null;

    /// <summary>
    /// Measures and judges <paramref name="configuration"/> as above: at most <paramref name="maxRepeats"/> trials, a
    /// pass confirmed up to <paramref name="confirmTrials"/> trials (each of which may take it back).
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
                    return new Certification(configuration, trials.Count, trials.Count, "met");
                }

                continue;
            }

            if (RepeatedTrials.Merge(trials, slo).Single() is var merged && !merged.Feasible)
            {
                return new Certification(configuration, trials.Count, null, "cannot carry the load");
            }

            if (slo.Constraints.Any(c => SloJudge.Judge(merged, c) == SloVerdict.Missed))
            {
                return new Certification(configuration, trials.Count, null, "missed");
            }

            if (trials.Count >= maxRepeats)
            {
                return new Certification(configuration, trials.Count, null, "undecided");
            }
        }
    }
}
