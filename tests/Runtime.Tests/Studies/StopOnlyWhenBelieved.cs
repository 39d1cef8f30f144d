using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Search;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// A strategy that asks for one configuration until it counts as measured, then stops, saying whether the trial it
/// counted was only believed (pending, fantasised) or finished.
/// </summary>
internal sealed class StopOnlyWhenBelieved(Configuration configuration) : ISearchStrategy
{
    public string Name => "stop-when-believed";

    public StrategyDecision Next(SearchState state) =>
        !state.IsMeasured(configuration) ? StrategyDecision.Measure(configuration)
        : state.Believed > 0 ? StrategyDecision.Stop("stopped on a believed trial")
        : StrategyDecision.Stop("stopped on a finished trial");
}
