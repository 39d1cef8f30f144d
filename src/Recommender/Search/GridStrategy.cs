using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Measures every candidate once. Candidates are visited so that knobs needing a server restart change as
/// rarely as possible: all clock and power-limit values are tried within one launch.
/// </summary>
public sealed class GridStrategy : ISearchStrategy
{
    private IReadOnlyList<Configuration>? _sortedFor;
    private Configuration[] _order = [];

    public string Name => "grid";

    public StrategyDecision Next(SearchState state)
    {
        if (!ReferenceEquals(_sortedFor, state.Candidates))
        {
            _order = [.. RestartOrder.Sort(state.Space, state.Candidates)];
            _sortedFor = state.Candidates;
        }

        var next = _order.FirstOrDefault(c => !state.IsMeasured(c));
        return next is null ? StrategyDecision.AllMeasured(state.Candidates.Count) : StrategyDecision.Measure(next);
    }
}
