namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// How the simulated scenarios are built: seeds of the truth (at least 10), strategy runs per scenario, threads
/// for filling truth tables, where the tables are cached, which model and load pairs to run (1-based; all when
/// empty), and whether trials keep a fixed window (the protocol before windows were extended, for comparison).
/// </summary>
public sealed record SimulatedHarnessOptions(
    int TruthSeeds,
    int RunSeeds,
    int Threads,
    string CacheDirectory,
    IReadOnlySet<int> Pairs,
    bool FixedWindow
);
