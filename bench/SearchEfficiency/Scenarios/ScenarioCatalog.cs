namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>Every scenario the harness runs, group by group: the synthetic host, then the replay tables.</summary>
public static class ScenarioCatalog
{
    public static IEnumerable<Scenario> All(bool quick, string? dataDirectory) =>
        dataDirectory is null ? SyntheticScenarios.All(quick ? 1 : 3) : SyntheticScenarios.All(quick ? 1 : 3).Concat(ReplayScenarios.All(dataDirectory));
}
