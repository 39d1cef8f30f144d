using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// The trials of a recommendation that took no part in choosing it: its full trials measured while the trials before
/// them (in run order) already made it the recommendation, i.e. the confirmations of an incumbent. The
/// recommendation is the least of many noisy means, so the trials that made it least read low (the winner's curse):
/// a later re-measurement compared with them looks like a rise. A trial measured after the choice was made is a fresh
/// draw whose value did not decide that it was measured. Empty when every trial of the recommendation helped choose
/// it (a grid, one trial each).
/// </summary>
public static class HeldOutTrials
{
    /// <param name="trials">Every trial of the run, in the order they were measured.</param>
    /// <param name="chosen">The recommendation.</param>
    /// <param name="energyMetric">The metric the recommendation is least in.</param>
    /// <param name="choose">
    /// What the selection recommends from some trials alone (<see cref="RecommendationSelector.Chooser"/>).
    /// </param>
    public static IReadOnlyList<Observation> Of(
        IReadOnlyList<Observation> trials,
        Configuration chosen,
        string energyMetric,
        Func<IReadOnlyList<Observation>, Configuration?> choose
    )
    {
        var held = new List<Observation>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            if (
                trial.Configuration.Equals(chosen)
                && (trial.Feasible || trial.ShortOfSamples)
                && trial.Fidelity == TrialFidelity.Full
                && trial.Metric(energyMetric) is not null
                && i > 0
                && chosen.Equals(choose([.. trials.Take(i)]))
            )
            {
                held.Add(trial);
            }
        }

        return held;
    }
}
