using MLEnergy.Recommender.Search;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>A strategy under another name, to tell variants apart in the table.</summary>
public sealed class NamedStrategy(string name, ISearchStrategy inner) : ISearchStrategy
{
    public string Name => name;

    public int? Seed => inner.Seed;

    public StrategyDecision Next(SearchState state) => inner.Next(state);
}
