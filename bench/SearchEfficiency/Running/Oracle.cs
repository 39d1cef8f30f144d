using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Slo;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>The exhaustive optimum: least true energy among the configurations that truly meet the SLO.</summary>
public static class Oracle
{
    public static double? BestEnergy(Scenario scenario) =>
        scenario
            .Space.Enumerate()
            .Select(scenario.Truth)
            .Where(t => t is not null && Meets(t, scenario.Slo))
            .Select(t => (double?)t!.Energy)
            .Min();

    public static string? BestConfiguration(Scenario scenario) =>
        scenario
            .Space.Enumerate()
            .Select(c => (c, t: scenario.Truth(c)))
            .Where(p => p.t is not null && Meets(p.t, scenario.Slo))
            .OrderBy(p => p.t!.Energy)
            .Select(p => p.c.Key)
            .FirstOrDefault();

    /// <summary>
    /// The recommendation's true energy above the optimum's (0.05: 5 % more); +∞ when it truly misses the SLO or
    /// nothing truly meets it; null without a recommendation.
    /// </summary>
    public static double? Gap(Scenario scenario, Configuration? recommended, double? oracle) =>
        recommended is { } chosen && scenario.Truth(chosen) is { } truth
            ? (Meets(truth, scenario.Slo) && oracle is { } best ? (truth.Energy / best) - 1 : double.PositiveInfinity)
            : null;

    public static bool Meets(Truth truth, ServiceLevelObjective slo) =>
        slo.Constraints.All(c => truth.Latencies.TryGetValue(c.MetricName, out var v) && v <= c.ThresholdMs);
}
