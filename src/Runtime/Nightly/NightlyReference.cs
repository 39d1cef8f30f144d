using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// The history a night's re-measurement is compared with: the recommendation's trials that took no part in choosing
/// it, with every other configuration's trials; the whole history when every trial of the recommendation helped
/// choose it (a grid, one trial each). The recommendation is the least of many noisy means, so the trials that made
/// it least read low (the winner's curse), and against them an unchanged host looks as if its energy rose. A trial
/// measured while the trials before it (in run order) already made it the recommendation - a confirmation of an
/// incumbent, or a later night's re-measurement - is a fresh draw whose value did not decide that it was measured.
/// <paramref name="choose"/> is the selection the run made (<see cref="RecommendationSelector.Chooser"/>).
/// </summary>
public static class NightlyReference
{
    /// <param name="history">Every trial of the host's runs, in the order they were measured.</param>
    /// <param name="recommended">The recommendation.</param>
    /// <param name="energyMetric">The metric the recommendation is least in.</param>
    /// <param name="choose">What the selection recommends from some trials alone.</param>
    public static IReadOnlyList<Observation> Of(
        IReadOnlyList<Observation> history,
        Configuration recommended,
        string energyMetric,
        Func<IReadOnlyList<Observation>, Configuration?> choose
    )
    {
        var heldOut = HeldOut(history, recommended, energyMetric, choose).ToHashSet(ReferenceEqualityComparer.Instance);
        return heldOut.Count == 0
            ? history
            : [.. history.Where(o => !o.Configuration.Equals(recommended) || heldOut.Contains(o))];
    }

    private static IEnumerable<Observation> HeldOut(
        IReadOnlyList<Observation> trials,
        Configuration chosen,
        string energyMetric,
        Func<IReadOnlyList<Observation>, Configuration?> choose
    )
    {
        for (var i = 1; i < trials.Count; i++)
        {
            var trial = trials[i];
            if (
                trial.Configuration.Equals(chosen)
                && (trial.Feasible || trial.ShortOfSamples)
                && trial.Fidelity == TrialFidelity.Full
                && trial.Metric(energyMetric) is not null
                && chosen.Equals(choose([.. trials.Take(i)]))
            )
            {
                yield return trial;
            }
        }
    }
}
