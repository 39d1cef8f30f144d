using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Search;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// A strategy that asks for one configuration until it has <paramref name="trials"/> trials of it, counting the
/// trials believed done while others measure them, as a confirmation of the best would.
/// </summary>
internal sealed class RepeatOneConfiguration(Configuration configuration, int trials) : ISearchStrategy
{
    public string Name => "repeat-one";

    public StrategyDecision Next(SearchState state) =>
        state.Observations.Count(o => o.Configuration.Equals(configuration)) < trials
            ? StrategyDecision.Measure(configuration)
            : StrategyDecision.Stop($"{trials} trials of one configuration");
}
