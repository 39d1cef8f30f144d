using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// The history a night's re-measurement is compared with: the recommendation's trials that took no part in choosing
/// it (<see cref="HeldOutTrials"/>: the trials that made it least read low, so against them an unchanged host looks
/// as if its energy rose), with every other configuration's trials; the whole history when every trial of the
/// recommendation helped choose it. <paramref name="choose"/> is the selection the run made
/// (<see cref="RecommendationSelector.Chooser"/>).
/// </summary>
public static class NightlyReference
{
    public static IReadOnlyList<Observation> Of(
        IReadOnlyList<Observation> history,
        Configuration recommended,
        string energyMetric,
        Func<IReadOnlyList<Observation>, Configuration?> choose
    )
    {
        var heldOut = HeldOutTrials
            .Of(history, recommended, energyMetric, choose)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return heldOut.Count == 0
            ? history
            : [.. history.Where(o => !o.Configuration.Equals(recommended) || heldOut.Contains(o))];
    }
}
