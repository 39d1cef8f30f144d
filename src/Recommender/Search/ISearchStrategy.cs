namespace MLEnergy.Recommender.Search;

/// <summary>Proposes the next trial from what has been measured so far, or says why to stop.</summary>
public interface ISearchStrategy
{
    string Name { get; }

    StrategyDecision Next(SearchState state);
}
