using MLEnergy.Recommender.Search;

namespace MLEnergy.Runtime.Plans;

/// <summary>
/// How a plan's <c>--budget</c> is shared by its levels: half goes to the top level, which searches every knob; the
/// rest is split evenly among the lower levels, which search only the GPU knobs, each at least
/// <see cref="MinTrialsPerLevel"/> trials (the baseline, the warm start and one more). Unlimited stays unlimited.
/// </summary>
public static class LevelBudget
{
    public const int MinTrialsPerLevel = 3;

    /// <summary>The top level's budget and each lower level's.</summary>
    public static (TuningBudget Top, TuningBudget Lower) Split(TuningBudget budget, int levels)
    {
        if (levels <= 1)
        {
            return (budget, budget);
        }

        var lower = levels - 1;
        return budget switch
        {
            { MaxTrials: { } trials } => (
                new TuningBudget(Math.Max(1, (trials + 1) / 2), null),
                new TuningBudget(Math.Max(MinTrialsPerLevel, (trials - ((trials + 1) / 2)) / lower), null)
            ),
            { MaxHostTime: { } time } => (new TuningBudget(null, time / 2), new TuningBudget(null, time / 2 / lower)),
            _ => (budget, budget),
        };
    }
}
