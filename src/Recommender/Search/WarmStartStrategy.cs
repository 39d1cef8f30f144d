using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Starts from what history says is promising (the last frontier) before handing over to another strategy:
/// a re-tuning after drift measures the old frontier first, so a small budget still covers it.
/// </summary>
public sealed class WarmStartStrategy(ISearchStrategy inner, ImmutableArray<Configuration> first) : ISearchStrategy
{
    public string Name => $"{inner.Name} (warm-started)";

    public StrategyDecision Next(SearchState state)
    {
        var next = first.FirstOrDefault(c => state.Candidates.Contains(c) && !state.IsMeasured(c));
        return next is null ? inner.Next(state) : StrategyDecision.Measure(next);
    }
}
