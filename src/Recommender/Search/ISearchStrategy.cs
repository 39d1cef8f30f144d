namespace MLEnergy.Recommender.Search;

/// <summary>Proposes the next trial from what has been measured so far, or says why to stop.</summary>
public interface ISearchStrategy
{
    string Name { get; }

    /// <summary>The seed its random draws come from; null when it draws nothing.</summary>
    int? Seed => null;

    StrategyDecision Next(SearchState state);
}
