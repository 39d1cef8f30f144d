namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>Every scenario the harness runs, group by group.</summary>
public static class ScenarioCatalog
{
    public static IEnumerable<Scenario> All(bool quick) => SyntheticScenarios.All(quick ? 1 : 3);
}
