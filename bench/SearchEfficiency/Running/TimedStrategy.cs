using System.Diagnostics;
using MLEnergy.Recommender.Search;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>Wraps a strategy and records how long each proposal took (the strategy's own compute).</summary>
public sealed class TimedStrategy(ISearchStrategy inner) : ISearchStrategy
{
    private readonly List<TimeSpan> _proposals = [];

    public string Name => inner.Name;

    public int? Seed => inner.Seed;

    public IReadOnlyList<TimeSpan> Proposals => _proposals;

    public StrategyDecision Next(SearchState state)
    {
        var watch = Stopwatch.StartNew();
        var decision = inner.Next(state);
        _proposals.Add(watch.Elapsed);
        return decision;
    }
}
