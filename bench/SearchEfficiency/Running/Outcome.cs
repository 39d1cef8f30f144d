namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// How one strategy did on one scenario: trials and distinct configurations measured, host time, the true
/// energy gap of its recommendation to the oracle (null when it recommended nothing; infinity when its
/// recommendation really misses the SLO), and its compute per proposal; whether the recommendation misses on the
/// truth over more seeds where its truth lies near a bound (<see cref="Oracle.MissesOnCloserTruth"/>), and its gap
/// with feasibility read on that closer truth, the optimum's included (<see cref="OnCloserTruth"/>; null where the
/// scenario's truth is exact: then it is the gap on the truth); the saving quoted beside the true one (null where
/// none was quoted or the truth cannot judge it).
/// </summary>
public sealed record Outcome(
    string Group,
    string Scenario,
    string Strategy,
    int Candidates,
    int Trials,
    int Configurations,
    TimeSpan HostTime,
    double? Gap,
    bool OracleFeasible,
    string StopReason,
    TimeSpan MeanProposal,
    TimeSpan MaxProposal,
    string? Recommended = null,
    bool CloserMiss = false,
    Score? OnCloserTruth = null,
    SavingCheck? Saving = null
)
{
    /// <summary>The run's full and screening trials of each configuration it measured, by configuration key.</summary>
    public IReadOnlyDictionary<string, int> TrialsAt { get; init; } = new Dictionary<string, int>();

    /// <summary>The gap on the truth (10 seeds for simulated scenarios).</summary>
    public Score OnTruth => new(Gap, OracleFeasible);

    /// <summary>The gap with feasibility read on the closer truth near a bound; the truth's where none.</summary>
    public Score Closer => OnCloserTruth ?? OnTruth;

    /// <summary>The recommendation has the oracle's energy, or both found that nothing meets the SLO.</summary>
    public bool Exact => OnTruth.Exact;

    public bool Within(double fraction) => OnTruth.Within(fraction);
}

/// <summary>
/// A recommendation's true energy gap to the optimum on one truth (0.05: 5 % more; +∞ when it misses the SLO or
/// nothing meets it; null without a recommendation) and whether anything meets the SLO on that truth.
/// </summary>
public sealed record Score(double? Gap, bool OracleFeasible)
{
    /// <summary>The recommendation has the oracle's energy, or both found that nothing meets the SLO.</summary>
    public bool Exact => Gap is { } g ? Math.Abs(g) < 1e-9 : !OracleFeasible;

    public bool Within(double fraction) => Gap is { } g ? g <= fraction : !OracleFeasible;

    /// <summary>The gap for ranking runs: no recommendation counts as a miss where something meets the SLO.</summary>
    public double Ranked => Gap ?? (OracleFeasible ? double.PositiveInfinity : 0);
}
