using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Recommender.Search.Random;

/// <summary>
/// Measures candidates in an order shuffled by the seed, each once, until the budget ends the run or every
/// candidate was measured. The baseline against which smarter strategies must do better.
/// </summary>
public sealed class RandomStrategy(int seed) : ISearchStrategy
{
    private IReadOnlyList<Configuration>? _shuffledFor;
    private Configuration[] _order = [];

    public string Name => "random";

    public int? Seed => seed;

    public StrategyDecision Next(SearchState state)
    {
        if (!ReferenceEquals(_shuffledFor, state.Candidates))
        {
            _order = [.. state.Candidates];
            new System.Random(seed).Shuffle(_order);
            _shuffledFor = state.Candidates;
        }

        var next = _order.FirstOrDefault(c => !state.IsMeasured(c));
        return next is null ? StrategyDecision.AllMeasured(state.Candidates.Count) : StrategyDecision.Measure(next);
    }
}
