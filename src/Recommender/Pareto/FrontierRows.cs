using System.Collections.Immutable;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Pareto;

/// <summary>
/// Folds frontier configurations that differ in one knob only, and whose latency and energy agree within
/// <see cref="Tolerance"/>, into one row: that knob did not bind there, and repeating the row says nothing.
/// </summary>
public static class FrontierRows
{
    /// <summary>Relative difference under which two measurements count as the same point.</summary>
    public const double Tolerance = 0.005;

    public static ImmutableArray<FrontierRow> Of(
        IEnumerable<Observation> frontier,
        string latencyMetric,
        string energyMetric
    )
    {
        var groups = new List<(Observation First, List<Observation> Members, string? Knob)>();
        foreach (var observation in frontier)
        {
            var index = groups.FindIndex(g =>
                Close(g.First, observation, latencyMetric)
                && Close(g.First, observation, energyMetric)
                && OnlyDifference(g.First, observation) is { } knob
                && (g.Knob is null || g.Knob == knob)
            );
            if (index < 0)
            {
                groups.Add((observation, [observation], null));
                continue;
            }

            var group = groups[index];
            group.Members.Add(observation);
            groups[index] = (group.First, group.Members, OnlyDifference(group.First, observation));
        }

        return [.. groups.Select(g => new FrontierRow(g.First, [.. g.Members], g.Knob))];
    }

    private static string? OnlyDifference(Observation a, Observation b)
    {
        var differing = a
            .Configuration.Values.Keys.Union(b.Configuration.Values.Keys)
            .Where(k => !a.Configuration.TryGet(k, out var x) || !b.Configuration.TryGet(k, out var y) || !x.Equals(y))
            .ToList();
        return differing.Count == 1 ? differing[0] : null;
    }

    private static bool Close(Observation a, Observation b, string metric) =>
        a.Metric(metric) is { } x
        && b.Metric(metric) is { } y
        && Math.Abs(x - y) <= Tolerance * Math.Max(Math.Abs(x), Math.Abs(y));
}
