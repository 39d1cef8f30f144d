using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>Orders configurations so that knobs needing a server restart vary slowest.</summary>
public static class RestartOrder
{
    public static IEnumerable<Configuration> Sort(SearchSpace space, IEnumerable<Configuration> configurations)
    {
        var knobs = space.Knobs.OrderByDescending(k => k.RestartsServer).Select(k => k.Name).ToArray();
        return configurations.Order(
            Comparer<Configuration>.Create(
                (a, b) =>
                {
                    foreach (var knob in knobs)
                    {
                        var order = a[knob].CompareTo(b[knob]);
                        if (order != 0)
                        {
                            return order;
                        }
                    }

                    return 0;
                }
            )
        );
    }

    /// <summary>Whether moving from one configuration to the next relaunches the server.</summary>
    public static bool NeedsRestart(SearchSpace space, Configuration? from, Configuration to) =>
        from is null
        || space.Knobs.Any(k => k.RestartsServer && from.TryGet(k.Name, out var v) && !v.Equals(to[k.Name]));
}
